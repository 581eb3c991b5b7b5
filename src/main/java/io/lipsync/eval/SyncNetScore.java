package io.lipsync.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.face.FaceCrops;
import io.lipsync.face.FaceDetector;
import io.lipsync.image.Normalize;
import io.lipsync.image.Resize;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import io.lipsync.model.syncnet.StableSyncNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How well a video's lips match its audio in a StableSyncNet's judgement: the cosine of the visual and audio
 * embeddings of each 16-frame window (lower half of upstream's aligned 256 px face crops, resized to the
 * net's resolution as the training data are) and its mel window. The net is trained towards 1 for windows
 * in sync and 0 for others, and upstream's accuracy check counts a cosine above 0.5 as "in sync".
 */
public final class SyncNetScore {
    /** The crop size of upstream's prepared data, which the SyncNet's inputs are resized from. */
    public static final int CROP = 256;

    /** One window: its first frame, its time in seconds, the cosine (NaN when a frame in it has no face). */
    public record Window(int start, double seconds, float cosine) {
        public boolean hasFace() {
            return !Float.isNaN(cosine);
        }

        public boolean inSync() {
            return cosine > 0.5f;
        }
    }

    /** Every window, the mean cosine over windows with faces, and the share of those judged in sync. */
    public record Report(List<Window> windows, int frames, double meanCosine, double inSyncShare) {
        public long scored() {
            return windows.stream().filter(Window::hasFace).count();
        }
    }

    private SyncNetScore() {}

    /**
     * {@code video}'s lips judged against {@code audio} (null: its own) by {@code net}: faces found and aligned
     * as renders do them, or taken as they are when the video is {@code aligned} already (a prepared clip).
     */
    public static Report judge(StableSyncNet net, Path video, Path audio, boolean aligned, int stride,
            Supplier<FaceDetector> detector, NDManager m) {
        float[] mel = SyncNetMel.compute(m, AudioDecoder.decode(audio != null ? audio : video)).toFloatArray();
        int resolution = net.config().resolution();
        List<byte[]> faces = aligned ? alignedFrames(video, resolution) : faces(video, detector.get(), resolution);
        return score(net, faces, mel, stride, m);
    }

    /** A video's face crops at the net's resolution, planar 8-bit (null for frames without a face). */
    public static List<byte[]> faces(Path video, FaceDetector detector, int resolution) {
        FaceCrops crops = new FaceCrops(detector, CROP);
        List<byte[]> out = new ArrayList<>();
        VideoDecoder.decode(video, rgb -> out.add(crops.next(rgb)
                .map(c -> Resize.torchvisionBicubic(c.face(), resolution)).orElse(null)));
        return out;
    }

    /** The frames of a video that already shows aligned faces (a prepared clip), at the net's resolution. */
    public static List<byte[]> alignedFrames(Path video, int resolution) {
        List<byte[]> out = new ArrayList<>();
        VideoDecoder.decode(video, rgb -> out.add(Resize.torchvisionBicubic(rgb, resolution)));
        return out;
    }

    /**
     * Scores windows starting every {@code stride} frames; mel (80, melFrames) row-major from
     * {@link SyncNetMel#compute} of the 16 kHz audio. Windows whose mel window runs past the audio are left out.
     */
    public static Report score(StableSyncNet net, List<byte[]> faces, float[] mel, int stride, NDManager manager) {
        int frames = net.config().frames();
        int r = net.config().resolution();
        int melFrames = mel.length / SyncNetMel.MELS;
        int melWidth = SyncNetMel.windowLength(frames);
        List<Window> windows = new ArrayList<>();
        for (int start = 0; start + frames <= faces.size(); start += stride) {
            int[] cols = SyncNetMel.window(start, VideoDecoder.FPS, melWidth, melFrames);
            if (cols[1] - cols[0] != melWidth) {
                break;
            }
            double seconds = start / (double) VideoDecoder.FPS;
            if (faces.subList(start, start + frames).contains(null)) {
                windows.add(new Window(start, seconds, Float.NaN));
                continue;
            }
            try (NDManager m = manager.newSubManager()) {
                float[] pixels = new float[frames * 3 * r * r];
                for (int f = 0; f < frames; f++) {
                    Normalize.into(faces.get(start + f), pixels, f * 3 * r * r);
                }
                NDArray visual = net.visualInput(m.create(pixels, new Shape(1, frames, 3, r, r)));
                float[] window = new float[SyncNetMel.MELS * melWidth];
                for (int row = 0; row < SyncNetMel.MELS; row++) {
                    System.arraycopy(mel, row * melFrames + cols[0], window, row * melWidth, melWidth);
                }
                NDList embeds = net.forward(visual, m.create(window, new Shape(1, 1, SyncNetMel.MELS, melWidth)));
                windows.add(new Window(start, seconds, StableSyncNet.cosine(embeds.get(0), embeds.get(1)).getFloat()));
            }
        }
        double mean = windows.stream().filter(Window::hasFace).mapToDouble(Window::cosine).average().orElse(Double.NaN);
        double share = windows.stream().filter(Window::hasFace).mapToDouble(w -> w.inSync() ? 1 : 0).average()
                .orElse(Double.NaN);
        return new Report(List.copyOf(windows), faces.size(), mean, share);
    }
}
