package io.lipsync.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.eval.SyncNetScore;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.media.AudioDecoder;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.util.AtomicFiles;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lipsync eval}: measures lip-sync quality. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measures how well a video's lips match its audio.", ""},
        subcommands = {EvalCommand.Sync.class})
final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
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

        @Option(names = "--checkpoints", defaultValue = ModelCatalog.DEFAULT_FOLDER, paramLabel = "DIR",
                description = "model folder. Default: ${DEFAULT-VALUE}")
        Path checkpoints;

        @Option(names = "--syncnet", paramLabel = "CKPT",
                description = "SyncNet weights (upstream's layout, or a `lipsync train syncnet` checkpoint). "
                        + "Default: <checkpoints>/" + ModelCatalog.SYNCNET + " (`lipsync models download --training`)")
        Path syncnet;

        @Option(names = "--config", defaultValue = SyncNetConfig.DEFAULT, paramLabel = "FILE|NAME",
                description = "the SyncNet's config. Default: ${DEFAULT-VALUE}")
        String config;

        @Option(names = "--face-detector", paramLabel = "FILE|DIR",
                description = "Default: the checkpoints folder's (InsightFace, else BlazeFace)")
        Path faceDetector;

        @Option(names = "--aligned", description = "the video already shows aligned faces (a prepared clip): "
                + "use its frames as they are, without face detection")
        boolean aligned;

        @Option(names = "--stride", defaultValue = "16", paramLabel = "FRAMES",
                description = "frames between window starts (16: windows side by side). Default: ${DEFAULT-VALUE}")
        int stride;

        @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
        Path json;

        @Override
        public Integer call() throws Exception {
            if (stride < 1) {
                throw new UserError("--stride must be at least 1");
            }
            Path weights = syncnet != null ? syncnet : checkpoints.resolve(ModelCatalog.SYNCNET);
            if (!Files.isRegularFile(weights)) {
                throw new UserError("no SyncNet at " + weights, "run `lipsync models download --training` or give "
                        + "--syncnet CKPT");
            }
            StableSyncNet net = new StableSyncNet(SyncNetConfig.parse(SyncNetConfig.readYaml(config), config));
            SyncNetScore.Report report;
            try (NDManager m = NDManager.newBaseManager()) {
                net.load(StateDict.load(weights), m);
                float[] mel = SyncNetMel.compute(m, AudioDecoder.decode(audio != null ? audio : video)).toFloatArray();
                report = SyncNetScore.score(net, faces(net.config().resolution()), mel, stride, m);
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

        private java.util.List<byte[]> faces(int resolution) {
            if (aligned) {
                return SyncNetScore.alignedFrames(video, resolution);
            }
            try (FaceDetector detector = FaceDetectors.open(faceDetector != null ? faceDetector
                    : ModelSet.faceDetector(checkpoints))) {
                return SyncNetScore.faces(video, detector, resolution);
            }
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
