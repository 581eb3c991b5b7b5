package io.lipsync.data;

import ai.djl.Device;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.shots.ShotDetector;
import io.lipsync.util.FileTrees;
import io.lipsync.util.Stopping;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The data pipeline as an Apache Spark job in two stages: the CPU steps 1-5 of each source, then the nets' steps
 * 6-7 of its cuts (where a cluster has GPUs, that stage is the one to give them), with the same per-file
 * functions as the local runner ({@link SourcePreparer}); cuts pass between the stages as exact staged
 * copies, so the manifest rows equal the local runner's. The driver then writes the manifest as Parquet beside
 * the JSONL. On a cluster, --in and --out must be on a file system every executor mounts (staged cuts,
 * clips and manifest rows are written where the work is done).
 *
 * <p>A stop (Ctrl-C): in local mode the executors share this JVM, so it reaches a task at its next check point.
 * The task then ends early with the sources it finished (their rows are kept, the rest are redone by --resume)
 * and the driver ends the run after the stage. Thrown out of the task, the stop would be a task failure, which
 * Spark logs with its stack trace as an error. On a cluster the stop reaches the driver only.
 */
public final class SparkPrepare {
    /** A source to prepare, as shipped to an executor. */
    private record Task(String source, String name, String id) implements Serializable {}

    /** What a task reports back: the source and its rows as the manifest stores them. */
    private record Outcome(String name, List<String> rows) implements Serializable {}

    private SparkPrepare() {}

    /** A task's outcomes, item by item, until a stop ends it early with those finished before (see above). */
    private static <T> List<Outcome> untilStopped(Iterator<T> items, Function<T, Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            while (items.hasNext()) {
                outcomes.add(each.apply(items.next()));
            }
        } catch (Stopping.Stopped stopped) {
            // the outcomes so far stand; the driver ends the run after the stage
        }
        return outcomes;
    }

    public static DataPrepare.Summary run(DataPrepare.Options o, String master, DataPrepare.Listener listener)
            throws IOException {
        DataPrepare.Plan plan = DataPrepare.plan(o);
        listener.started(plan.toDo().size(), plan.alreadyDone());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < plan.toDo().size(); i++) {
            Path source = plan.toDo().get(i);
            tasks.add(new Task(source.toAbsolutePath().toString(), o.in().relativize(source).toString(), plan.ids().get(i)));
        }
        String out = o.out().toAbsolutePath().toString();
        // Paths and devices do not serialise: the executors get strings.
        String detectorPath = o.nets().path(NetFile.FACE_DETECTOR).toAbsolutePath().toString();
        String checkpoints = o.nets().folder().toAbsolutePath().toString();
        String deviceType = o.device().getDeviceType();
        int deviceId = o.device().getDeviceId();
        int resolution = o.rules().resolution();
        Filters filter = o.rules().filters();
        boolean compatible = o.rules().upstreamCompatible();
        SparkConf conf = new SparkConf().setAppName("lipsync data prepare").set("spark.ui.enabled", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            if (!tasks.isEmpty()) {
                FileTrees.delete(o.out().resolve(CutStaging.FOLDER));
                int partitions = Math.min(tasks.size(), Math.max(1, 2 * jsc.defaultParallelism()));
                // Stage 1, CPU work: steps 1-5 per source; cuts that reach step 6 are staged. Each partition
                // opens its face detector once.
                List<Outcome> staged = jsc.parallelize(tasks, partitions).mapPartitions(part -> {
                    SourcePreparer preparer = new SourcePreparer(resolution, ShotDetector.Settings.upstream(), filter,
                            compatible);
                    if (!part.hasNext()) {
                        return List.<Outcome>of().iterator();
                    }
                    try (PrepareTools tools = PrepareTools.facesOnly(Path.of(detectorPath))) {
                        return untilStopped(part, t -> new Outcome(t.name(), preparer.stage(Path.of(t.source()),
                                t.name(), t.id(), Path.of(out), tools).stream().map(Manifest::toJson).toList()))
                                .iterator();
                    }
                }).collect();
                Stopping.check();
                // Stage 2, the nets (on an executor's GPU where it has one): steps 6-7 of each source's staged
                // cuts; a source's rows go into the manifest once all of them are judged.
                List<Outcome> finished = jsc.parallelize(staged, Math.min(staged.size(), partitions)).mapPartitions(part -> {
                    SourcePreparer preparer = new SourcePreparer(resolution, ShotDetector.Settings.upstream(), filter,
                            compatible);
                    if (!part.hasNext()) {
                        return List.<Outcome>of().iterator();
                    }
                    try (PrepareTools tools = PrepareTools.open(NetFiles.in(Path.of(checkpoints))
                            .with(NetFile.FACE_DETECTOR, Path.of(detectorPath)), Device.of(deviceType, deviceId))) {
                        return untilStopped(part, source -> {
                            List<ManifestRow> rows = new ArrayList<>();
                            for (String json : source.rows()) {
                                ManifestRow row = Manifest.fromJson(json);
                                rows.add(ManifestRow.STAGED.equals(row.verdict().status())
                                        ? preparer.finishStaged(row, Path.of(out), tools) : row);
                            }
                            new Manifest(Path.of(out, "manifest.jsonl")).append(rows);
                            return new Outcome(source.name(), rows.stream().map(Manifest::toJson).toList());
                        }).iterator();
                    }
                }).collect();
                finished.forEach(f -> listener.finished(f.name(), f.rows().stream().map(Manifest::fromJson).toList()));
                Stopping.check();
            }
            Manifest manifest = new Manifest(o.out().resolve("manifest.jsonl"));
            spark.read().json(manifest.file().toString()).write().mode("overwrite")
                    .parquet(o.out().resolve("manifest.parquet").toString());
            return DataPrepare.finish(manifest, o.out());
        } catch (NoClassDefFoundError e) {
            throw new UserError("Spark is not on the class path (" + e.getMessage() + ")",
                    "run the jar built by `mvn package`, whose lib/ holds Spark, or submit it with spark-submit");
        }
    }
}
