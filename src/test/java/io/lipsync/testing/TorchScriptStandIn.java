package io.lipsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript file written without torch: a module whose forward has the I3D file's signature
 * ({@code forward(x, rescale, resize, return_features)}) and returns the clip's per-channel means through a
 * random (3, dim) matrix, so FVD's loading and calling path runs on a file the tests make.
 */
public final class TorchScriptStandIn {
    private TorchScriptStandIn() {}

    public static void writeI3d(Path file, int dim, long seed) throws IOException {
        String code = String.join("\n",
                "class I3dStandIn(Module):",
                "  __parameters__ = [\"weight\", ]",
                "  __buffers__ = []",
                "  weight : Tensor",
                "  training : bool",
                "  def forward(self: __torch__.I3dStandIn,",
                "    x: Tensor,",
                "    rescale: bool=False,",
                "    resize: bool=False,",
                "    return_features: bool=False) -> Tensor:",
                "    _0 = torch.mean(x, [2, 3, 4])",
                "    return torch.matmul(_0, self.weight)",
                "");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x80);
        data.write(2);
        PickleWriter.global(data, "__torch__", "I3dStandIn");
        data.write(')');
        data.write(0x81);
        data.write('}');
        data.write('(');
        PickleWriter.unicode(data, "training");
        data.write(0x89);
        PickleWriter.unicode(data, "weight");
        PickleWriter.tensor(data, "FloatStorage", "0", 3L * dim, 0, new long[] {3, dim}, new long[] {dim, 1});
        data.write('u');
        data.write('b');
        data.write('.');
        ByteArrayOutputStream constants = new ByteArrayOutputStream();
        constants.write(0x80);
        constants.write(2);
        constants.write(')');
        constants.write('.');
        java.util.Random random = new java.util.Random(seed);
        ByteBuffer weight = ByteBuffer.allocate(3 * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 3 * dim; i++) {
            weight.putFloat((float) random.nextGaussian());
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, "i3d/data.pkl", data.toByteArray());
            stored(zip, "i3d/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, "i3d/constants.pkl", constants.toByteArray());
            stored(zip, "i3d/data/0", weight.array());
            stored(zip, "i3d/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
