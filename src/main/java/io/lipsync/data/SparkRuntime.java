package io.lipsync.data;

import io.lipsync.util.Relaunch;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

/**
 * Spark is not on the program's class path (it is 150 jars, and a render or the OBS daemon needs none of
 * them): the build puts it in {@code spark-lib/} beside the jar, and {@code data prepare --spark} runs again
 * with it, and with the {@code --add-opens} Spark needs (the jar's manifest lists them). On a cluster,
 * {@code spark-submit} provides Spark itself.
 */
public final class SparkRuntime {
    /** The folder beside obs-lipsync.jar that holds Spark's jars. */
    public static final String FOLDER = "spark-lib";

    private SparkRuntime() {}

    /** Whether Spark's classes load here (tests and spark-submit put them on the class path). */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The relaunch that adds Spark: its jars beside ours and the module openings our manifest names. */
    public static Relaunch relaunch() {
        Path home = jarFolder();
        Path lib = home.resolve(FOLDER);
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(lib, "*.jar")) {
            files.forEach(jars::add);
        } catch (IOException e) {
            jars.clear();
        }
        if (jars.isEmpty()) {
            throw new UserError("Spark's jars are not in " + lib,
                    "build with mvn -B -q package -DskipTests (it fills " + FOLDER + "/), or run on a cluster "
                            + "with spark-submit");
        }
        List<String> opens = new ArrayList<>();
        for (String module : addOpens()) {
            opens.add("--add-opens=" + module + "=ALL-UNNAMED");
        }
        opens.add("-Dio.netty.tryReflectionSetAccessible=true");
        return new Relaunch(opens, jars, Map.of());
    }

    private static Path jarFolder() {
        try {
            URL code = SparkRuntime.class.getProtectionDomain().getCodeSource().getLocation();
            Path p = Path.of(code.toURI());
            return Files.isRegularFile(p) ? p.getParent() : p;
        } catch (URISyntaxException | RuntimeException e) {
            throw new UserError("cannot tell where obs-lipsync.jar is: " + e.getMessage());
        }
    }

    /** The Add-Opens attribute of our jar's manifest (the pom's spark.opens): the packages Spark reflects into. */
    private static List<String> addOpens() {
        try (InputStream in = SparkRuntime.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            String value = in == null ? null : new Manifest(in).getMainAttributes().getValue("Add-Opens");
            return value == null ? List.of() : Arrays.asList(value.trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
