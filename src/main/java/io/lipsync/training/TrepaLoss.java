package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Interpolate;
import io.lipsync.model.videomae.VideoMaeVit;

/**
 * LatentSync's TREPA loss (latentsync/trepa/loss.py): both clips resized per frame to 224 px (bicubic), mapped
 * from [-1, 1] to [0, 1] and clamped, embedded by a frozen VideoMAE v2 ViT; the loss is the MSE between the
 * unit-length embeddings, so it judges the motion of the whole clip, not single frames.
 */
public final class TrepaLoss {
    /** The features and the loss of one comparison. */
    public record Result(NDArray featuresFake, NDArray featuresReal, NDArray loss) {}

    private final VideoMaeVit vit;

    public TrepaLoss(VideoMaeVit vit) {
        this.vit = vit;
    }

    /** clips (B, 3, F, H, W) in [-1, 1] */
    public Result compute(NDArray fake, NDArray real) {
        NDArray a = features(fake);
        NDArray b = features(real);
        return new Result(a, b, loss(a, b));
    }

    /** A clip (B, 3, F, H, W) in [-1, 1] -> its VideoMAE features (B, D) */
    public NDArray features(NDArray clip) {
        return vit.forwardFeatures(prepare(clip));
    }

    /** The loss between two clips' features (B, D): MSE of their unit vectors */
    public static NDArray loss(NDArray featuresFake, NDArray featuresReal) {
        return unit(featuresFake).sub(unit(featuresReal)).square().mean();
    }

    private NDArray prepare(NDArray clip) {
        Shape s = clip.getShape();
        int size = vit.config().patches().imgSize();
        NDArray frames = clip.transpose(0, 2, 1, 3, 4).reshape(s.get(0) * s.get(2), s.get(1), s.get(3), s.get(4));
        NDArray resized = Interpolate.bicubic(frames, size, size).reshape(s.get(0), s.get(2), s.get(1), size, size)
                .transpose(0, 2, 1, 3, 4);
        return resized.div(Constants.scalar(resized, 2)).add(0.5f).clip(0f, 1f);
    }

    /** F.normalize(x, dim=1): x / max(|x|, 1e-12) */
    private static NDArray unit(NDArray x) {
        NDArray norm = x.norm(new int[] {1}, true);
        return x.div(norm.maximum(Constants.scalar(norm, 1e-12)));
    }
}
