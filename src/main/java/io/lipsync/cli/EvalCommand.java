package io.lipsync.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.eval.Evaluation;
import io.lipsync.eval.FidFeatures;
import io.lipsync.eval.LseSetup;
import io.lipsync.eval.SyncNetScore;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.nets.Found;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import io.lipsync.plot.Charts;
import io.lipsync.util.AtomicFiles;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
                "  FVD    Frechet distance of the faces' I3D features to the references'",
                "  FID    Frechet distance of the frames' Inception features to the references'",
                "LSE is found as upstream's eval_sync_conf finds it: S3FD faces, face tracks",
                "in each shot, mouth crops, an offset search over +-15 frames. A folder of",
                "videos gives a row each, their mean, and FVD over the set. Weights come from",
                "`lipsync models download --data`; whatever cannot be measured is reported",
                "with the reason.", "",
                "Examples:",
                "  lipsync eval --video out.mp4",
                "  lipsync eval --video renders/ --reference originals/ --out report.json", ""},
        subcommands = {EvalCommand.Sync.class})
final class EvalCommand implements Callable<Integer> {
    private static final Set<String> VIDEO_TYPES = Set.of("mp4", "mov", "mkv", "webm", "avi");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--video", paramLabel = "FILE|DIR", description = "the video to measure, or a folder of them")
    Path video;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "measure the lips against this voice instead of each video's own audio")
    Path audio;

    @Option(names = "--reference", paramLabel = "FILE|DIR",
            description = "the reference video (for a folder: a folder with a video of the same name for each), "
                    + "for SSIM and FVD")
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
        List<Path> videos = videos(video);
        List<Path> references = reference == null ? null : references(videos);
        Evaluation.Report report;
        try (Nets nets = new Nets(models.files(), device.resolve())) {
            // The face stage's detector (opened once, by nets) when LSE without S3FD or FVD's crops need it.
            Supplier<FaceBoxDetector> stage = () -> FaceBoxDetector.of(nets.faceDetector());
            LseSetup lse = LseSetup.open(nets, stage);
            if (lse.faces() != null) {
                System.out.println("faces for LSE: " + lse.faces());
            }
            // FVD's I3D and FID's Inception are opened only when there are references to compare with.
            Evaluation.Tools tools = references == null
                    ? new Evaluation.Tools(lse.lse(), null, Found.missing("no references"), Found.missing("no references"))
                    : new Evaluation.Tools(lse.lse(), stage.get(), nets.find(NetFile.I3D).map(p -> nets.i3d()),
                            nets.find(NetFile.FID_INCEPTION)
                                    .map(p -> new FidFeatures(nets.fidInception(), nets.manager(), fidEvery)));
            report = Evaluation.run(videos, audio, references, tools,
                    (i, n, v) -> System.err.printf("[%d/%d] %s%n", i + 1, n, v.getFileName()));
        }
        print(report);
        if (out != null) {
            AtomicFiles.write(out, new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create()
                    .toJson(report));
            Path png = out.resolveSibling(out.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".png");
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("LSE-C", report.rows().stream().map(Evaluation.Row::lseC).toList());
            series.put("LSE-D", report.rows().stream().map(Evaluation.Row::lseD).toList());
            series.put("SSIM x 10", report.rows().stream().map(r -> r.ssim() == null ? null : 10 * r.ssim()).toList());
            Charts.bars(png, "lip sync and quality per video",
                    report.rows().stream().map(Evaluation.Row::video).toList(), series);
            System.out.println("report: " + out + ", chart: " + png);
        }
        boolean measured = report.rows().stream().anyMatch(r -> r.lseC() != null || r.ssim() != null)
                || report.fvd() != null || report.fid() != null;
        return measured ? 0 : 1;
    }

    private static List<Path> videos(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            if (!Files.isRegularFile(input)) {
                throw new UserError(input + " does not exist", "give a video file or a folder of videos");
            }
            return List.of(input);
        }
        try (Stream<Path> files = Files.list(input)) {
            List<Path> out = files.filter(Files::isRegularFile)
                    .filter(f -> VIDEO_TYPES.contains(extension(f))).sorted().toList();
            if (out.isEmpty()) {
                throw new UserError(input + " has no videos (" + String.join(", ", VIDEO_TYPES) + ")");
            }
            return out;
        }
    }

    private List<Path> references(List<Path> videos) {
        if (!Files.isDirectory(reference)) {
            if (videos.size() != 1 || !Files.isRegularFile(reference)) {
                throw new UserError("--reference " + reference + " must be a video (for one --video) or a folder "
                        + "(for a folder of videos)");
            }
            return List.of(reference);
        }
        List<Path> out = videos.stream().map(v -> reference.resolve(v.getFileName().toString())).toList();
        List<String> missing = out.stream().filter(p -> !Files.isRegularFile(p))
                .map(p -> p.getFileName().toString()).toList();
        if (!missing.isEmpty()) {
            throw new UserError(reference + " lacks references for " + String.join(", ", missing),
                    "give each video a reference of the same file name");
        }
        return out;
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static void print(Evaluation.Report report) {
        System.out.printf("%-28s %6s %8s %8s %7s  %s%n", "video", "offset", "LSE-C", "LSE-D", "SSIM", "note");
        List<Evaluation.Row> all = new ArrayList<>(report.rows());
        if (report.rows().size() > 1) {
            all.add(report.mean());
        }
        for (Evaluation.Row r : all) {
            System.out.printf("%-28s %6s %8s %8s %7s  %s%n", r.video(), r.offset() == null ? "-" : r.offset(),
                    number(r.lseC(), "%.3f"), number(r.lseD(), "%.3f"), number(r.ssim(), "%.4f"),
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
                NDManager m = nets.manager();
                float[] mel = SyncNetMel.compute(m, AudioDecoder.decode(audio != null ? audio : video)).toFloatArray();
                List<byte[]> faces = aligned ? SyncNetScore.alignedFrames(video, net.config().resolution())
                        : SyncNetScore.faces(video, nets.faceDetector(), net.config().resolution());
                report = SyncNetScore.score(net, faces, mel, stride, m);
            }
            print(report);
            if (report.scored() == 0) {
                System.out.println("no window could be scored (" + report.windows().size() + " windows, "
                        + report.frames() + " frames): no face in them, or the audio is shorter than 0.64 s");
                return 1;
            }
            if (json != null) {
                AtomicFiles.write(json, new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
                        .create().toJson(report));
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
