package io.lipsync.training;

import ai.djl.ndarray.NDManager;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.SafetensorsWriter;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.image.Resize;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.MediaException;
import io.lipsync.media.VideoDecoder;
import io.lipsync.util.FileFingerprint;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of prepared clips as the training datasets read it: upstream's format, 25 fps videos of aligned
 * faces with their audio, found recursively by {@code .mp4}. Each clip's SyncNet mel and frame count are
 * computed once and cached by the clip's content (upstream keys its cache by basename, which two clips in
 * different folders share). Frames are decoded when a window needs them, resized to the model's resolution
 * as upstream resizes them (bicubic with antialias, rounded to 8 bits), and kept in a cache of bounded size.
 */
public final class PreparedClips {
    /** One usable clip: its frame count and its mel, (80, melFrames) row-major. */
    public record Clip(Path path, int frames, float[] mel, int melFrames) {}

    /** A clip left out, and why (unreadable, no audio). */
    public record Skipped(Path path, String reason) {}

    /** Decoded frames kept in memory: about 20 five-second clips at 256 px. */
    static final long FRAME_CACHE_BYTES = 1L << 30;

    private final List<Clip> clips;
    private final List<WindowSampler.Clip> sampling;
    private final List<Skipped> skipped;
    private final int resolution;
    private final BoundedCache<Integer, byte[][]> decoded;

    private PreparedClips(List<Clip> clips, List<Skipped> skipped, int resolution, long frameCacheBytes) {
        this.decoded = new BoundedCache<>(frameCacheBytes, frames -> (long) frames.length * 3 * resolution * resolution);
        this.clips = clips;
        this.sampling = clips.stream().map(c -> new WindowSampler.Clip(c.path().toString(), c.frames(), c.melFrames()))
                .toList();
        this.skipped = skipped;
        this.resolution = resolution;
    }

    /** Every .mp4 under {@code dir}, sorted, so that a clip's index is the same in every run. */
    public static List<Path> find(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("data folder " + dir + " does not exist",
                    "give a folder of prepared clips (25 fps .mp4 of aligned faces with audio)");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mp4")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Indexes the clips of {@code dir} (mel and frame count from {@code cache}, or computed and cached). */
    public static PreparedClips open(Path dir, int resolution, Path cache, Consumer<Path> indexed) {
        return open(dir, resolution, cache, indexed, FRAME_CACHE_BYTES);
    }

    /** As {@link #open(Path, int, Path, Consumer)} with a frame cache of {@code frameCacheBytes}. */
    static PreparedClips open(Path dir, int resolution, Path cache, Consumer<Path> indexed, long frameCacheBytes) {
        List<Clip> clips = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path file : find(dir)) {
            try {
                clips.add(index(file, cache));
            } catch (MediaException e) {
                skipped.add(new Skipped(file, e.getMessage()));
            }
            indexed.accept(file);
        }
        if (clips.isEmpty()) {
            throw new UserError("no usable clip in " + dir + (skipped.isEmpty() ? "" : " (" + skipped.size()
                    + " unreadable, e.g. " + skipped.get(0).reason() + ")"),
                    "give a folder of prepared clips (25 fps .mp4 of aligned faces with audio)");
        }
        return new PreparedClips(List.copyOf(clips), List.copyOf(skipped), resolution, frameCacheBytes);
    }

    private static Clip index(Path file, Path cache) {
        Path entry = cache.resolve(FileFingerprint.of(file) + ".mel.safetensors");
        try {
            if (Files.isRegularFile(entry)) {
                Map<String, TensorData> stored = SafetensorsReader.read(entry);
                long[] shape = stored.get("mel").shape();
                return new Clip(file, (int) stored.get("frames").bytes().getLong(0), stored.get("mel").toFloats(),
                        (int) shape[1]);
            }
        } catch (IOException | RuntimeException damaged) {
            // a damaged cache entry is recomputed below
        }
        int[] frames = {0};
        VideoDecoder.decode(file, rgb -> frames[0]++);
        float[] mel;
        try (NDManager m = NDManager.newBaseManager()) {
            mel = SyncNetMel.compute(m, AudioDecoder.decode(file)).toFloatArray();
        }
        int melFrames = mel.length / SyncNetMel.MELS;
        try {
            Files.createDirectories(cache);
            SafetensorsWriter.write(entry, Map.of("mel", TensorData.ofFloats(mel, SyncNetMel.MELS, melFrames),
                    "frames", new TensorData(DType.I64, new long[] {1},
                            ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, frames[0]))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mel cache " + entry, e);
        }
        return new Clip(file, frames[0], mel, melFrames);
    }

    public List<Clip> clips() {
        return clips;
    }

    public List<Skipped> skipped() {
        return skipped;
    }

    public int resolution() {
        return resolution;
    }

    /** What the window sampler needs of each clip. */
    public List<WindowSampler.Clip> forSampling() {
        return sampling;
    }

    /** Frames [from, from + count) of a clip as planar 8-bit RGB (3, resolution, resolution). */
    public byte[][] frames(int clip, int from, int count) {
        byte[][] all = decoded.get(clip, c -> decode(clips.get(c).path()));
        byte[][] out = new byte[count][];
        System.arraycopy(all, from, out, 0, count);
        return out;
    }

    /** Mel columns [from, from + width) of a clip: (80, width) row-major. */
    public float[] mel(int clip, int from, int width) {
        Clip c = clips.get(clip);
        float[] out = new float[SyncNetMel.MELS * width];
        for (int r = 0; r < SyncNetMel.MELS; r++) {
            System.arraycopy(c.mel(), r * c.melFrames() + from, out, r * width, width);
        }
        return out;
    }

    private byte[][] decode(Path file) {
        List<byte[]> frames = new ArrayList<>();
        VideoDecoder.decode(file, rgb -> frames.add(Resize.torchvisionBicubic(rgb, resolution)));
        return frames.toArray(new byte[0][]);
    }
}
