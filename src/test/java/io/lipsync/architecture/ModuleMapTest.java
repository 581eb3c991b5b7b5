package io.lipsync.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module map as the sources state it: every package has a layer, and code only uses packages of lower layers
 * (so dependencies point inward and there is no cycle); networks are opened only in {@code nets}.
 */
class ModuleMapTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "lipsync");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.lipsync\\.(\\w+)\\.");

    /** Bottom (0) to top; a package may use only packages of a lower layer. */
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("util", 0),
            Map.entry("checkpoint", 1), Map.entry("image", 1), Map.entry("kernels", 1), Map.entry("plot", 1),
            Map.entry("model", 2), Map.entry("media", 2), Map.entry("shots", 2),
            Map.entry("modelfiles", 3), Map.entry("audio", 3), Map.entry("diffusion", 3),
            Map.entry("face", 4),
            Map.entry("nets", 5),
            Map.entry("latentsync", 6), Map.entry("eval", 6),
            Map.entry("pipeline", 7), Map.entry("data", 7),
            Map.entry("training", 8), Map.entry("obs", 8),
            Map.entry("bench", 9), Map.entry("parity", 9), Map.entry("doctor", 9),
            Map.entry("cli", 10));

    /** Calls that open a network's weights from a file. */
    private static final Pattern OPENING = Pattern.compile(
            "StateDict\\.load\\(|\\.load\\(StateDict|FaceDetectors\\.open\\(|I3dFeatures\\.load\\(");

    /**
     * Files outside nets that read a state dict for another reason: training's own checkpoints (weights and
     * optimiser state), and the parity case that checks checkpoint reading itself.
     */
    private static final Set<String> READS_CHECKPOINTS = Set.of("training/TrainingCheckpoint.java",
            "parity/TrainingCases.java");

    @Test
    void everyPackageUsesOnlyLowerLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        Set<String> unplaced = new TreeSet<>();
        for (Path file : sources()) {
            String own = packageOf(file);
            if (!LAYER.containsKey(own)) {
                unplaced.add(own);
                continue;
            }
            Matcher m = REFERENCE.matcher(Files.readString(file));
            Set<String> used = new TreeSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            for (String other : used) {
                if (!other.equals(own) && LAYER.containsKey(other) && LAYER.get(other) >= LAYER.get(own)) {
                    upward.add(MAIN.relativize(file) + " (" + own + ", layer " + LAYER.get(own) + ") uses " + other
                            + " (layer " + LAYER.get(other) + ")");
                }
            }
        }
        assertEquals(Set.of(), unplaced, "packages without a layer: give each one in LAYER");
        assertEquals(List.of(), upward);
    }

    @Test
    void networksAreOpenedOnlyInNets() throws IOException {
        List<String> elsewhere = new ArrayList<>();
        for (Path file : sources()) {
            String relative = MAIN.relativize(file).toString().replace('\\', '/');
            String own = packageOf(file);
            if (own.equals("nets") || own.equals("checkpoint") || READS_CHECKPOINTS.contains(relative)) {
                continue;
            }
            String text = Files.readString(file);
            Matcher m = OPENING.matcher(text);
            if (m.find() && !(own.equals("face") && relative.endsWith("FaceDetectors.java"))
                    && !relative.endsWith("model/i3d/I3dFeatures.java")) {
                elsewhere.add(relative + ": " + m.group());
            }
        }
        assertEquals(List.of(), elsewhere, "open networks through nets.Nets");
    }

    @Test
    void theMapSeesTheWholeTree() throws IOException {
        assertTrue(sources().size() > 300, "the sources are found from the module's folder");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }
}
