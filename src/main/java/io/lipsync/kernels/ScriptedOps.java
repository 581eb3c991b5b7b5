package io.lipsync.kernels;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * libtorch kernels DJL's API does not reach, for inference: each is called through a TorchScript module of
 * one method, written in memory and loaded once per process.
 * <ul>
 * <li>attention: torch's scaled_dot_product_attention, as upstream's attention runs. On the CPU it walks
 * the keys in blocks (flash attention) instead of writing, normalising and reading back the score matrix.
 * <li>linear: oneDNN's matmul (the op torch's own compiler uses on CPUs) instead of MKL's sgemm; faster at
 * the U-Net's shapes, with GELU fused into it where the feed-forward's gate needs it.
 * </ul>
 */
public final class ScriptedOps {
    /** {@code off} runs the plain ops instead: the score matrix, MKL's matmul (the self-check's first fallback). */
    public static final String VARIABLE = "LIPSYNC_SCRIPTED_OPS";
    public static final String OFF = "off";
    private static final boolean ENABLED = enabledIn(System.getenv());

    /** The scripts: each one method, {@code forward(args) -> Tensor}. */
    enum Script {
        ATTENTION("q: Tensor, k: Tensor, v: Tensor",
                "torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=1.)"),
        LINEAR("x: Tensor, w: Tensor, b: Tensor", linear("b", "none")),
        LINEAR_NO_BIAS("x: Tensor, w: Tensor", linear("None", "none")),
        LINEAR_GELU("x: Tensor, w: Tensor, b: Tensor", linear("b", "gelu"));

        final String arguments;
        final String body;

        Script(String arguments, String body) {
            this.arguments = arguments;
            this.body = body;
        }

        private static String linear(String bias, String postOp) {
            // The last argument is the GELU variant: "none" is the exact (erf) one, as torch's default.
            return "ops.mkldnn._linear_pointwise(x, w, " + bias + ", \"" + postOp
                    + "\", annotate(List[Optional[number]], []), \"none\")";
        }
    }

    /**
     * data.pkl, pickle protocol 2: PROTO 2, GLOBAL "__torch__ Op", EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK,
     * BINUNICODE "training", NEWFALSE, SETITEMS, BUILD, STOP.
     */
    private static final byte[] MODULE_PICKLE = concat(new byte[] {(byte) 0x80, 2, 'c'},
            "__torch__\nOp\n".getBytes(StandardCharsets.US_ASCII), new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0},
            "training".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x89, 'u', 'b', '.'});

    private static final Map<Script, PtSymbolBlock> LOADED = new EnumMap<>(Script.class);

    private ScriptedOps() {}

    /** Whether this process runs the scripted kernels (outside autograd). */
    public static boolean enabled() {
        return ENABLED;
    }

    static boolean enabledIn(Map<String, String> env) {
        String v = env.getOrDefault(VARIABLE, "on").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("on") && !v.equals(OFF)) {
            throw new IllegalArgumentException(VARIABLE + " must be on or " + OFF + ", not '" + v + "'");
        }
        return v.equals("on");
    }

    /** Whether oneDNN's linear takes {@code x}: float32 on the CPU (it has no CUDA kernels). */
    public static boolean linearTakes(NDArray x) {
        return x.getDevice().getDeviceType().equals(Device.Type.CPU) && x.getDataType() == DataType.FLOAT32;
    }

    /** q (already scaled), k, v (N, H, L, d) -> (N, H, Lq, d). Outside autograd only. */
    public static NDArray attention(NDArray q, NDArray k, NDArray v) {
        return run(Script.ATTENTION, q, k, v);
    }

    /** x W^T + b, b may be null: x (..., in), w (out, in) -> (..., out). CPU float32, outside autograd. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return b == null ? run(Script.LINEAR_NO_BIAS, x, w) : run(Script.LINEAR, x, w, b);
    }

    /** GELU(x W^T + b) in one pass. CPU float32, outside autograd. */
    public static NDArray linearGelu(NDArray x, NDArray w, NDArray b) {
        return run(Script.LINEAR_GELU, x, w, b);
    }

    private static NDArray run(Script script, NDArray... inputs) {
        // isTrain=true only means "no inference-mode guard": the result can then be updated in place.
        return IValueUtils.forward(module(script), new NDList(inputs), true).singletonOrThrow();
    }

    private static synchronized PtSymbolBlock module(Script script) {
        return LOADED.computeIfAbsent(script, s -> {
            // Never closed: a module (with no weights, so it serves every device) lives as long as the process.
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
            try {
                return JniUtils.loadModule(manager, new ByteArrayInputStream(archive(s)), false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The TorchScript archive (torch.jit.save's zip): the class's source, the pickled module object (an
     * instance of it with its {@code training} flag) and an empty constants table.
     */
    static byte[] archive(Script script) throws IOException {
        String source = String.join("\n",
                "class Op(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  def forward(self: __torch__.Op, " + script.arguments + ") -> Tensor:",
                "    return " + script.body,
                "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "archive/version", "6\n".getBytes(StandardCharsets.US_ASCII));
            entry(zip, "archive/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            entry(zip, "archive/data.pkl", MODULE_PICKLE);
            entry(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
