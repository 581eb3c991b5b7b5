package io.lipsync.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.lipsync.checkpoint.PickleWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * softmax(q k^T) v in one libtorch kernel, torch's scaled_dot_product_attention, as upstream's attention
 * runs: on the CPU it walks the keys in blocks (flash attention) instead of writing, normalising and
 * reading back the whole score matrix. DJL's API has no such op, so it is reached through a TorchScript
 * module of one method, written in memory and loaded once per process.
 */
public final class FusedAttention {
    /** {@code materialised} computes attention through an explicit score matrix instead (the self-check's fallback). */
    public static final String VARIABLE = "LIPSYNC_ATTENTION";
    public static final String MATERIALISED = "materialised";
    private static final boolean ENABLED = enabledIn(System.getenv());

    private FusedAttention() {}

    /** Whether this process computes attention with the fused kernel. */
    public static boolean enabled() {
        return ENABLED;
    }

    static boolean enabledIn(Map<String, String> env) {
        String v = env.getOrDefault(VARIABLE, "fused").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("fused") && !v.equals(MATERIALISED)) {
            throw new IllegalArgumentException(VARIABLE + " must be fused or " + MATERIALISED + ", not '" + v + "'");
        }
        return v.equals("fused");
    }

    /**
     * q (already scaled), k, v (N, H, L, d) -> (N, H, Lq, d). Outside autograd only: the result is a plain
     * tensor, and nothing is recorded for a backward pass.
     */
    public static NDArray apply(NDArray q, NDArray k, NDArray v) {
        // isTrain=true only means "no inference-mode guard": the result can then be updated in place.
        return IValueUtils.forward(Module.BLOCK, new NDList(q, k, v), true).singletonOrThrow();
    }

    /** Loaded on first use; the module has no weights, so it serves every device. */
    private static final class Module {
        static final PtSymbolBlock BLOCK = load();

        private static PtSymbolBlock load() {
            // Never closed: the module lives as long as the process.
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
            try {
                return JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The TorchScript archive (torch.jit.save's zip): the class's source, the pickled module object (an
     * instance of it with its {@code training} flag) and an empty constants table.
     */
    static byte[] archive() throws IOException {
        String source = String.join("\n",
                "class Sdpa(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  def forward(self: __torch__.Sdpa, q: Tensor, k: Tensor, v: Tensor) -> Tensor:",
                "    return torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=1.)",
                "");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(new byte[] {(byte) 0x80, 2});
        PickleWriter.global(data, "__torch__", "Sdpa");
        data.write(new byte[] {')', (byte) 0x81, '}', '('});
        PickleWriter.unicode(data, "training");
        data.write(new byte[] {(byte) 0x89, 'u', 'b', '.'});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "archive/version", "6\n".getBytes(StandardCharsets.US_ASCII));
            entry(zip, "archive/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            entry(zip, "archive/data.pkl", data.toByteArray());
            entry(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
