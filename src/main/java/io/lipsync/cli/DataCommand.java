package io.lipsync.cli;

import io.lipsync.nets.Found;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.data.DataPrepare;
import io.lipsync.data.Filters;
import io.lipsync.data.ManifestRow;
import io.lipsync.data.SparkPrepare;
import io.lipsync.data.SparkRuntime;
import io.lipsync.util.Threads;
import io.lipsync.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lipsync data}: turns raw videos into training data. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Turns raw talking-head videos into prepared clips for `lipsync train`.", ""},
        subcommands = {DataCommand.Prepare.class, DataCommand.Refilter.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = {"Upstream's data pipeline on every file under --in, each file by itself on a pool of",
                    "workers: (1) drop unreadable files and videos without audio; (2) read at 25 fps and",
                    "16 kHz; (3) shot detection (PySceneDetect's adaptive detector with upstream's settings);",
                    "(4) 5-10 s cuts; (5) the face of every frame aligned as upstream aligns it, at 256",
                    "(or 512) px; a cut with a frame without a face is dropped; (6) sync filter:",
                    "SyncNet-v2's offset and confidence, measured as `lipsync eval` measures them; the",
                    "offset is corrected, and cuts below --sync-conf or beyond --max-offset go to",
                    "<out>/filtered/ (judged, so other thresholds need no new judging). Kept cuts",
                    "are written once, faces and audio, to <out>/clips/; (7) quality filter: HyperIQA's",
                    "score of the first, middle and last frame; below --min-quality to <out>/filtered/.",
                    "Steps 6 and 7 need `lipsync models download --data`; without their weights they are",
                    "skipped and every row says so.",
                    "<out>/manifest.jsonl has a row per cut (source, shot, frames, times, faces, sync",
                    "offset and confidence, quality, kept or dropped by which step and why); sync.png and",
                    "quality.png are histograms of the confidences and scores. --resume skips every file",
                    "already in the manifest, so a stopped run redoes only the files that were in flight.",
                    "`lipsync data refilter` applies other thresholds later.", "",
                    "Example: lipsync data prepare --in raw/ --out prepared/ --workers 2"})
    static final class Prepare implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--in", required = true, paramLabel = "DIR", description = "raw videos (searched recursively)")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "prepared data set folder")
        Path out;

        @Option(names = "--workers", paramLabel = "N", description = "files prepared at once. Default: one per core")
        Integer workers;

        @Option(names = "--resume", description = "continue the data set in --out")
        boolean resume;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = "run as a Spark job (local[*], spark://host:7077, yarn, ...) in two stages, steps 1-5 "
                        + "per file, then steps 6-7 per file's cuts; the manifest also as Parquet. On a cluster "
                        + "--in and --out must be on a shared file system")
        String spark;

        @Option(names = "--resolution", defaultValue = "256", paramLabel = "256|512",
                description = "aligned face size (256 for LatentSync 1.5, 512 for 1.6). Default: ${DEFAULT-VALUE}")
        int resolution;

        /** The face detector, and SyncNet-v2, S3FD and HyperIQA for steps 6-7 (without them those are skipped). */
        @CommandLine.Mixin
        ModelFolderOptions models = new ModelFolderOptions();

        @Option(names = "--upstream-compatible",
                description = "reproduce upstream's data exactly where it is wrong: re-encode non-25 fps sources "
                        + "with its `ffmpeg -r 25` (the picture lags the sound by up to 2 frames; the bundled "
                        + "ffmpeg encodes with OpenH264, not libx264), leave the last frame out, and cut "
                        + "where its segment muxer would (every 250 frames, so mostly 10 s). Default: frames read "
                        + "lag-free at 25 fps, exact 5-10 s cuts")
        boolean upstreamCompatible;

        @CommandLine.Mixin
        FilterOptions filterOptions;

        @CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @Override
        public Integer call() throws Exception {
            if (resolution != 256 && resolution != 512) {
                throw new UserError("--resolution must be 256 or 512");
            }
            if (workers != null && workers < 1) {
                throw new UserError("--workers must be at least 1");
            }
            // Before the warnings: the relaunched command gives them.
            if (spark != null && !SparkRuntime.available()) {
                return SparkRuntime.relaunch().run(Main.class.getName(),
                        spec.root().commandLine().getParseResult().originalArgs());
            }
            NetFiles nets = models.files();
            DataPrepare.Options options = new DataPrepare.Options(in, out, workers != null ? workers : Threads.count(),
                    resume, nets, device.resolve(), new DataPrepare.Rules(resolution, filterOptions.filters(),
                    upstreamCompatible));
            warnIfAbsent(nets, NetFile.SYNCNET_V2, "step 6 (sync filter) is skipped");
            if (nets.find(NetFile.SYNCNET_V2).present()) {
                warnIfAbsent(nets, NetFile.S3FD, "step 6 finds faces with the face stage's detector instead of S3FD");
            }
            warnIfAbsent(nets, NetFile.HYPER_IQA, "step 7 (quality filter) is skipped");
            Bar bar = new Bar();
            DataPrepare.Summary s;
            try {
                s = spark != null ? SparkPrepare.run(options, spark, bar) : DataPrepare.run(options, bar);
            } finally {
                bar.close();
            }
            System.out.printf("%d sources; %d clips kept (%.1f minutes of video); manifest %s%n", s.sources(), s.kept(),
                    s.keptHours() * 60, s.manifest());
            s.dropped().forEach((why, n) -> System.out.printf("  dropped %4d  %s%n", n, why));
            return 0;
        }

        private static void warnIfAbsent(NetFiles nets, NetFile file, String consequence) {
            Found<Path> found = nets.find(file);
            if (!found.present()) {
                System.out.println("warning: " + consequence + ": " + found.missing() + "; every row says so");
            }
        }
    }

    /** Steps 6 and 7's thresholds, shared by prepare and refilter. */
    static final class FilterOptions {
        @Option(names = "--sync-conf", defaultValue = "3", paramLabel = "C",
                description = "step 6 keeps cuts whose SyncNet-v2 confidence is at least C. Default: ${DEFAULT-VALUE}")
        double syncConf;

        @Option(names = "--min-quality", defaultValue = "40", paramLabel = "Q",
                description = "step 7 keeps cuts HyperIQA scores at least Q (0-100). Default: ${DEFAULT-VALUE}")
        double minQuality;

        @Option(names = "--max-offset", defaultValue = "6", paramLabel = "FRAMES",
                description = "step 6 keeps cuts whose audio/video offset is at most this (the offset is then "
                        + "corrected). Default: ${DEFAULT-VALUE}")
        int maxOffset;

        Filters filters() {
            return new Filters(syncConf, maxOffset, minQuality);
        }
    }

    @Command(name = "refilter", mixinStandardHelpOptions = true,
            description = {"Applies other step 6-7 thresholds to a prepared data set without judging it again:",
                    "each judged cut's sync offset, confidence and quality are in the manifest and its",
                    "clip on disk, so clips only move between <data>/clips/ (what training reads) and",
                    "<data>/filtered/, and the manifest is rewritten.", "",
                    "Example: lipsync data refilter --data prepared/ --sync-conf 5"})
    static final class Refilter implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "a `lipsync data prepare` output")
        Path data;

        @CommandLine.Mixin
        FilterOptions filterOptions;

        @Override
        public Integer call() throws Exception {
            io.lipsync.data.Refilter.Summary s = io.lipsync.data.Refilter.run(data, filterOptions.filters());
            System.out.printf("%d judged cuts kept, %d filtered; %d clips moved%n", s.kept(), s.filtered(),
                    s.moved());
            return 0;
        }
    }

    /** Progress over files, with each file's outcome. */
    private static final class Bar implements DataPrepare.Listener {
        private Progress bar;
        private int finished;
        private final AtomicInteger found = new AtomicInteger();
        private final AtomicInteger aligned = new AtomicInteger();
        private final AtomicInteger judged = new AtomicInteger();
        private final AtomicInteger kept = new AtomicInteger();

        @Override
        public void started(int toDo, int alreadyDone) {
            System.out.println(toDo + " files to prepare" + (alreadyDone > 0 ? ", " + alreadyDone + " already done" : ""));
            bar = Progress.count("prepare", toDo, "files");
        }

        @Override
        public synchronized void finished(String source, List<ManifestRow> rows) {
            long keptHere = rows.stream().filter(ManifestRow::kept).count();
            bar.stepTo(++finished);
            bar.message(source + ": " + keptHere + " kept, " + (rows.size() - keptHere) + " dropped"
                    + (keptHere == 0 && !rows.isEmpty() ? " (" + rows.get(0).verdict().reason() + ")" : "") + " | " + steps());
        }

        @Override
        public void found(int cuts) {
            found.addAndGet(cuts);
            showSteps();
        }

        @Override
        public void aligned() {
            aligned.incrementAndGet();
            showSteps();
        }

        @Override
        public void judged(boolean keptOne) {
            judged.incrementAndGet();
            if (keptOne) {
                kept.incrementAndGet();
            }
            showSteps();
        }

        /** Per step, over the cuts found so far: a terminal's bar shows it as it changes. */
        private String steps() {
            return "cuts: " + found + " found (steps 1-4), " + aligned + " aligned (5), " + judged
                    + " judged (6-7), " + kept + " kept";
        }

        private synchronized void showSteps() {
            if (bar != null && System.console() != null) {
                bar.message(steps());
            }
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
