package io.lipsync.model.syncnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Checkpointing;

/**
 * LatentSync's StableSyncNet: a visual and an audio DownEncoder2D whose flattened outputs, scaled to unit
 * length, have a cosine near 1 when the lips in a 16-frame window match the mel window beside them.
 */
public final class StableSyncNet extends Network<SyncNetConfig> {
    private final DownEncoder audio;
    private final DownEncoder visual;

    public StableSyncNet(SyncNetConfig config) {
        super("SyncNet", KeyMatch.EXACT, config);
        audio = new DownEncoder(params.child("audio_encoder"), config().audio());
        visual = new DownEncoder(params.child("visual_encoder"), config().visual());
    }


    /**
     * The visual encoder's input from frames (B, F, 3, H, W): frames folded into channels (3·frame + colour)
     * and, with lower_half, the lower rows only -> (B, F*3, H or H/2, W)
     */
    public NDArray visualInput(NDArray frames) {
        Shape s = frames.getShape();
        NDArray folded = frames.reshape(s.get(0), s.get(1) * s.get(2), s.get(3), s.get(4));
        return config().lowerHalf() ? folded.get(":, :, " + s.get(3) / 2 + ":, :") : folded;
    }

    /** frames (B, F*3, H, W), mel (B, 1, 80, L) -> unit embeddings [vision (B, D), audio (B, D)] */
    public NDList forward(NDArray frames, NDArray mel) {
        return forward(frames, mel, Checkpointing.NONE);
    }

    /** The same, the encoders' blocks run through {@code checkpointing} (gradient checkpointing). */
    public NDList forward(NDArray frames, NDArray mel, Checkpointing checkpointing) {
        return new NDList(checkpointing.run(in -> unit(in[0]), visual.forward(frames, checkpointing)),
                checkpointing.run(in -> unit(in[0]), audio.forward(mel, checkpointing)));
    }

    /** Flattened channel-major, divided by max(L2 norm, 1e-12), as F.normalize. */
    private static NDArray unit(NDArray x) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray norm = flat.norm(new int[] {1}, true);
        return flat.div(norm.maximum(Constants.scalar(norm, 1e-12)));
    }

    /** Cosine of each pair of unit embeddings: (B, D), (B, D) -> (B,) */
    public static NDArray cosine(NDArray vision, NDArray audio) {
        return vision.mul(audio).sum(new int[] {1});
    }

    /**
     * upstream's cosine_loss, torch's binary_cross_entropy of the cosine against y: (B,). The value clamps
     * each log at -100; the gradient is torch's (x - y) / max(x(1 - x), 1e-12), which stays bounded where
     * the plain derivative of the log (1/x) overflows for a cosine near 0 or 1. Built as value plus a term
     * that is zero forward and carries exactly that gradient backward.
     */
    public static NDArray bce(NDArray cos, NDArray y) {
        NDArray x = cos.stopGradient();
        NDArray value = y.mul(x.log().maximum(-100f)).add(y.neg().add(1f).mul(x.neg().add(1f).log().maximum(-100f)))
                .neg();
        NDArray slope = x.sub(y).div(x.mul(x.neg().add(1f)).maximum(1e-12f));
        return value.add(cos.sub(x).mul(slope));
    }
}
