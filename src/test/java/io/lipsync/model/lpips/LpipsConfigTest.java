package io.lipsync.model.lpips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trunk's layer list read off its weights, at VGG16's real size (the tiny trunk is checked by parity). */
class LpipsConfigTest {
    @Test
    void torchvisionsVgg16ReadsAsVgg16() {
        int[][] convs = {{0, 64}, {2, 64}, {5, 128}, {7, 128}, {10, 256}, {12, 256}, {14, 256}, {17, 512}, {19, 512},
            {21, 512}, {24, 512}, {26, 512}, {28, 512}};
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        long in = 3;
        for (int[] c : convs) {
            long[] shape = {c[1], in, 3, 3};
            tensors.put("features." + c[0] + ".weight", TensorData.lazy(DType.F32, shape, () -> ByteBuffer.allocate(0)));
            in = c[1];
        }
        tensors.put("classifier.0.weight", TensorData.lazy(DType.F32, new long[] {4096, 25088}, () -> ByteBuffer.allocate(0)));
        assertEquals(LpipsConfig.vgg16(), LpipsConfig.fromTrunk(StateDict.of(tensors)));
        Lpips lpips = new Lpips(LpipsConfig.vgg16());
        assertEquals(14_714_688 + 1472, lpips.parameterCount(), "VGG16's 13 convs and the 64+128+256+512+512 lin weights");
    }
}
