package io.lipsync.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The steps of the complete checkpoints in a run's checkpoints folder, in order. */
final class TrainingCheckpointSteps {
    private TrainingCheckpointSteps() {}

    static List<Long> of(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.pt"))
                    .map(n -> Long.parseLong(n.replaceAll("\\D", ""))).sorted().toList();
        }
    }
}
