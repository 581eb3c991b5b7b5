package io.lipsync.face;

import io.lipsync.image.Affine;
import io.lipsync.image.AffineWarp;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import java.util.Optional;

/**
 * Upstream's aligned face crops of a clip's frames, taken in order: detect, align (the smoothing runs
 * across frames and restarts after a frame without a face), warp with grey fill, Lanczos to a square.
 * Renders, training data and evaluation all crop faces through this one class.
 */
public final class FaceCrops {
    /** A frame's crop (resolution x resolution RGB) and the frame -> crop map that pastes it back. */
    public record Crop(Affine affine, Rgb face) {}

    private final FaceDetector detector;
    private final FaceAligner aligner;
    private final int resolution;

    public FaceCrops(FaceDetector detector, int resolution) {
        this.detector = detector;
        this.aligner = new FaceAligner(resolution);
        this.resolution = resolution;
    }

    /** The next frame's crop, or empty when it shows no face. */
    public Optional<Crop> next(Rgb frame) {
        Optional<FaceDetection> face = detector.detect(frame);
        if (face.isEmpty()) {
            aligner.reset();
            return Optional.empty();
        }
        Affine affine = aligner.align(face.get().alignmentPoints());
        Rgb warped = AffineWarp.warp(frame, affine, aligner.cropHeight(), aligner.cropWidth(), 127f).truncateToRgb();
        return Optional.of(new Crop(affine, Resize.lanczos(warped, resolution, resolution)));
    }
}
