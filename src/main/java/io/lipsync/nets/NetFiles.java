package io.lipsync.nets;

import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.modelfiles.ModelSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where each network's weights are: the checkpoints folder's file, unless a file is named instead (an option
 * such as {@code --syncnet}). Without a folder only the named files exist.
 *
 * @param folder the checkpoints folder (null: none)
 * @param named files named instead of the folder's
 */
public record NetFiles(Path folder, Map<NetFile, Path> named) {
    public NetFiles {
        named = Collections.unmodifiableMap(named.isEmpty() ? new EnumMap<>(NetFile.class) : new EnumMap<>(named));
    }

    /** The files of a checkpoints folder. */
    public static NetFiles in(Path folder) {
        return new NetFiles(folder, Map.of());
    }

    /** The render's set: its U-Net, Whisper, VAE and face detector, and the folder (null for fixtures) for the rest. */
    public static NetFiles of(ModelSet set, Path folder) {
        return new NetFiles(folder, Map.of()).with(NetFile.UNET, set.unet()).with(NetFile.WHISPER, set.whisper())
                .with(NetFile.VAE, set.vae()).with(NetFile.FACE_DETECTOR, set.faceDetector());
    }

    /** The same with {@code file} at {@code path}; a null path keeps the folder's. */
    public NetFiles with(NetFile file, Path path) {
        if (path == null) {
            return this;
        }
        Map<NetFile, Path> more = new EnumMap<>(NetFile.class);
        more.putAll(named);
        more.put(file, path);
        return new NetFiles(folder, more);
    }

    /** Where {@code file} is (it may not exist); null when it is neither named nor in a folder. */
    public Path path(NetFile file) {
        Path p = named.get(file);
        if (p != null || folder == null) {
            return p;
        }
        return file == NetFile.FACE_DETECTOR ? ModelSet.faceDetector(folder) : folder.resolve(file.localPath());
    }

    /** {@code file} where it is, or why it is missing and how to get it. */
    public Found<Path> find(NetFile file) {
        Path p = path(file);
        return exists(p) ? Found.of(p) : Found.missing(problem(file, p) + " (" + file.fetch() + ")");
    }

    /** Where {@code file} is, or a checkpoint error saying it is missing and how to get it. */
    public Path require(NetFile file) {
        Path p = path(file);
        if (!exists(p)) {
            throw new CheckpointException(problem(file, p), file.remedy());
        }
        return p;
    }

    private static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }

    private static String problem(NetFile file, Path p) {
        return "missing " + file.label() + (p == null ? "" : " at " + p);
    }
}
