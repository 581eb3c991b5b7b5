package io.lipsync.model.i3d;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Path;

/**
 * FVD's video features: the I3D network upstream loads as TorchScript (i3d_torchscript.pt), run by DJL's
 * PyTorch engine as upstream calls it: clips (B, 3, 16, 224, 224) in [0, 1], no rescaling or resizing, the
 * 400 features before the classifier's softmax.
 */
public final class I3dFeatures implements AutoCloseable {
    /** Frames per clip. */
    public static final int FRAMES = 16;
    public static final int SIZE = 224;

    private final Model model;
    private final PtSymbolBlock block;

    private I3dFeatures(Model model) {
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
    }

    /** {@code file}: a TorchScript file (the {@code nets} room checks it exists), run on {@code device}. */
    public static I3dFeatures load(Path file, Device device) {
        Model model = Model.newInstance("i3d", device, "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString());
            return new I3dFeatures(model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new UserError(file + " is not a TorchScript file this engine can run: " + e.getMessage(),
                    "download it again with `lipsync models download --data`");
        }
    }

    /** {@code clips}: b clips of (3, 16, 224, 224) values in [0, 1], flat -> (b, features) */
    public float[][] features(float[] clips, int b) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            PtNDArray x = (PtNDArray) m.create(clips, new Shape(b, 3, FRAMES, SIZE, SIZE));
            IValue[] args = {IValue.from(x), IValue.from(false), IValue.from(false), IValue.from(true)};
            try {
                IValue out = block.forward(args);
                try {
                    float[] flat = out.toTensor((PtNDManager) m).toFloatArray();
                    int d = flat.length / b;
                    float[][] rows = new float[b][];
                    for (int i = 0; i < b; i++) {
                        rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                    }
                    return rows;
                } finally {
                    out.close();
                }
            } finally {
                for (IValue a : args) {
                    a.close();
                }
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
