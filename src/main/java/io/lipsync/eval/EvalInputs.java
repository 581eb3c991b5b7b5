package io.lipsync.eval;

import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** What {@code lipsync eval} measures: a video or a folder's videos, and a reference for each. */
public final class EvalInputs {
    private static final Set<String> VIDEO_TYPES = Set.of("mp4", "mov", "mkv", "webm", "avi");

    private EvalInputs() {}

    /** {@code input} itself, or the videos in it by name. */
    public static List<Path> videos(Path input) throws IOException {
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

    /** One reference a video: {@code reference} for one video, or the file of the same name in that folder. */
    public static List<Path> references(List<Path> videos, Path reference) {
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
}
