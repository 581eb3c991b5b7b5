package io.lipsync.cli;

import io.lipsync.eval.EvalInputs;
import io.lipsync.eval.Evaluation;
import io.lipsync.eval.FrameChange;
import io.lipsync.eval.ReportFiles;
import io.lipsync.eval.SyncNetScore;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import io.lipsync.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lipsync eval}: measures lip-sync quality (LSE-C/D, SSIM, FVD), or a StableSyncNet's judgement. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures lip sync and video quality as LatentSync's paper reports them:",
                "  LSE-C  SyncNet-v2's confidence that lips and voice match (higher: better)",
                "  LSE-D  SyncNet-v2's distance between lips and voice (lower: better)",
                "  offset the audio/video offset in frames (positive: the audio leads)",
                "  SSIM   structural similarity to a reference video, frame by frame (1: same)",
                "  changed the share of frames that differ visibly from the reference's: some",
                "         16 px block off by more than " + (int) FrameChange.THRESHOLD + " levels of 255 on average (a redrawn",
                "         mouth; not the noise of encoding). Compare a preset against another",
                "         render of the same clip and voice.",
                "  FVD    Frechet distance of the faces' I3D features to the references'",
                "  FID    Frechet distance of the frames' Inception features to the references'",
                "LSE is found as upstream's eval_sync_conf finds it: S3FD faces, face tracks",
                "in each shot, mouth crops, an offset search over +-15 frames. A folder of",
                "videos gives a row each, their mean, and FVD over the set. Weights come from",
                "`lipsync models download --data`; whatever cannot be measured is reported",
                "with the reason.", "",
                "Examples:",
                "  lipsync eval --video out.mp4",
                "  lipsync eval --video renders/ --reference originals/ --out report.json",
                "  lipsync eval --video draft.mp4 --reference standard.mp4", ""},
        subcommands = {EvalCommand.Sync.class})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--video", paramLabel = "FILE|DIR", description = "the video to measure, or a folder of them")
    Path video;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "measure the lips against this voice instead of each video's own audio")
    Path audio;

    @Option(names = "--reference", paramLabel = "FILE|DIR",
            description = "the reference video (for a folder: a folder with a video of the same name for each), "
                    + "for SSIM, changed frames, FVD and FID")
    Path reference;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write the report as JSON here, and its chart beside it (.png)")
    Path out;

    /** The face stage's detector finds the faces of FVD's crops, and LSE's when S3FD's weights are absent. */
    @CommandLine.Mixin
    ModelFolderOptions models = new ModelFolderOptions();

    @CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--fid-every", defaultValue = "1", paramLabel = "N",
            description = "FID reads every N-th frame (Inception at 299 px is slow on a CPU). Default: ${DEFAULT-VALUE}")
    int fidEvery;

    @Override
    public Integer call() throws Exception {
        if (video == null) {
            spec.commandLine().usage(System.out);
            return 0;
        }
        List<Path> videos = EvalInputs.videos(video);
        List<Path> references = reference == null ? null : EvalInputs.references(videos, reference);
        Evaluation.Report report;
        try (Nets nets = new Nets(models.files(), device.resolve())) {
            Evaluation.Tools tools = Evaluation.Tools.open(nets, references != null, fidEvery, System.out::println);
            report = Evaluation.run(videos, audio, references, tools,
                    (i, n, v) -> System.err.printf("[%d/%d] %s%n", i + 1, n, v.getFileName()));
        }
        print(report);
        if (out != null) {
            System.out.println("report: " + out + ", chart: " + ReportFiles.write(out, report));
        }
        return report.measuredAnything() ? 0 : 1;
    }

    private static void print(Evaluation.Report report) {
        System.out.printf("%-28s %6s %8s %8s %7s %8s  %s%n", "video", "offset", "LSE-C", "LSE-D", "SSIM", "changed",
                "note");
        List<Evaluation.Row> all = new ArrayList<>(report.rows());
        if (report.rows().size() > 1) {
            all.add(report.mean());
        }
        for (Evaluation.Row r : all) {
            System.out.printf("%-28s %6s %8s %8s %7s %8s  %s%n", r.video(), r.offset() == null ? "-" : r.offset(),
                    number(r.lseC(), "%.3f"), number(r.lseD(), "%.3f"), number(r.ssim(), "%.4f"),
                    r.changed() == null ? "-" : String.format("%.1f%%", 100 * r.changed()),
                    r.note() == null ? "" : r.note());
        }
        if (report.fvd() != null) {
            System.out.printf("FVD: %.3f%n", report.fvd());
        }
        if (report.fid() != null) {
            System.out.printf("FID: %.3f%n", report.fid());
        }
        report.notes().forEach(n -> System.out.println("note: " + n));
    }

    private static String number(Double v, String format) {
        return v == null || v.isNaN() ? "-" : String.format(format, v);
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"A StableSyncNet's confidence that the lips match the audio: for every 16-frame window",
                    "(0.64 s) the cosine of its lip and audio embeddings (near 1: in sync; upstream counts",
                    "above 0.5 as in sync), then the mean and the share of windows in sync. Faces are found",
                    "and aligned as renders do them; windows with a frame without a face are listed, not scored.",
                    "Works on renders (`lipsync render` output) and on training clips alike.", "",
                    "Example: lipsync eval sync --video out.mp4 --syncnet checkpoints/stable_syncnet.pt"})
    static final class Sync implements Callable<Integer> {
        @Option(names = "--video", required = true, paramLabel = "FILE", description = "the video to judge")
        Path video;

        @Option(names = "--audio", paramLabel = "FILE", description = "the voice to judge it against. Default: the video's own audio")
        Path audio;

        @CommandLine.Mixin
        ModelFolderOptions models = new ModelFolderOptions();

        @Option(names = "--syncnet", paramLabel = "CKPT",
                description = "SyncNet weights (upstream's layout, or a `lipsync train syncnet` checkpoint). "
                        + "Default: <checkpoints>/" + ModelCatalog.SYNCNET + " (`lipsync models download --training`)")
        Path syncnet;

        @Option(names = "--config", defaultValue = SyncNetConfig.DEFAULT, paramLabel = "FILE|NAME",
                description = "the SyncNet's config. Default: ${DEFAULT-VALUE}")
        String config;

        @Option(names = "--aligned", description = "the video already shows aligned faces (a prepared clip): "
                + "use its frames as they are, without face detection")
        boolean aligned;

        @Option(names = "--stride", defaultValue = "16", paramLabel = "FRAMES",
                description = "frames between window starts (16: windows side by side). Default: ${DEFAULT-VALUE}")
        int stride;

        @CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
        Path json;

        @Override
        public Integer call() throws Exception {
            if (stride < 1) {
                throw new UserError("--stride must be at least 1");
            }
            NetFiles files = models.files().with(NetFile.SYNCNET, syncnet);
            SyncNetScore.Report report;
            try (Nets nets = new Nets(files, device.resolve())) {
                StableSyncNet net = nets.syncNet(SyncNetConfig.parse(SyncNetConfig.readYaml(config), config));
                report = SyncNetScore.judge(net, video, audio, aligned, stride, nets::faceDetector, nets.manager());
            }
            print(report);
            if (report.scored() == 0) {
                System.out.println("no window could be scored (" + report.windows().size() + " windows, "
                        + report.frames() + " frames): no face in them, or the audio is shorter than 0.64 s");
                return 1;
            }
            if (json != null) {
                ReportFiles.writeJson(json, report);
            }
            return 0;
        }

        private static void print(SyncNetScore.Report report) {
            System.out.println("  start   seconds  cosine  judgement");
            for (SyncNetScore.Window w : report.windows()) {
                System.out.printf("%7d  %8.2f  %s%n", w.start(), w.seconds(),
                        w.hasFace() ? String.format("%6.3f  %s", w.cosine(), w.inSync() ? "in sync" : "off")
                                : "     -  no face in every frame");
            }
            if (report.scored() > 0) {
                System.out.printf("overall: mean cosine %.3f over %d windows, %.0f%% in sync%n", report.meanCosine(),
                        report.scored(), 100 * report.inSyncShare());
            }
        }
    }
}
