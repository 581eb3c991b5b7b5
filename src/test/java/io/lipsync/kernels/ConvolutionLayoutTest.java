package io.lipsync.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No convolution runs on channels-last memory that the engine made, or with channels that fill part of a
 * block, forward or backward, in any network: those are what oneDNN's kernels were measured wrong on, on
 * some CPUs. What oneDNN was handed is read
 * from its own verbose log, which names the memory layout on every CPU, so this verdict does not depend on
 * the machine it runs on.
 */
class ConvolutionLayoutTest {
    private static final String FORWARD_ACDB = "onednn_verbose,v1,primitive,exec,cpu,convolution,brgconv_1x1:avx512_core,"
            + "forward_training,src:f32::blocked:acdb::f0 wei:f32:a:blocked:Acdb32a::f0 bia:f32:a:blocked:a::f0 "
            + "dst:f32::blocked:acdb::f0,attr-scratchpad:user,alg:convolution_direct,mb4_ic32oc32_ih8oh8kh1sh1dh0ph0_iw8ow8kw1sw1dw0pw0,3.3";
    private static final String REORDER_INTO_ACDB = "onednn_verbose,v1,primitive,exec,cpu,reorder,jit:uni,undef,"
            + "src:f32::blocked:abcd::f0 dst:f32::blocked:acdb::f0,attr-scratchpad:user,,4x64x2x2,0.002";
    private static final String BACKWARD_ACDB = "onednn_verbose,v1,primitive,exec,cpu,convolution,brgconv_strided:avx512_core,"
            + "backward_data,src:f32:a:blocked:acdb::f0 wei:f32:a:blocked:Bcda64b::f0 bia:undef::undef::: "
            + "dst:f32:a:blocked:acdb::f0,attr-scratchpad:user,alg:convolution_direct,mb4_ic64oc64_ih6oh2kh3sh2,0.03";
    private static final String PLAIN = "onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,forward_training,"
            + "src:f32:a:blocked:aBcd16b::f0 wei:f32:a:blocked:ABcd16b16a::f0 bia:f32:a:blocked:a::f0 "
            + "dst:f32:a:blocked:aBcd16b::f0,attr-scratchpad:user,alg:convolution_direct,mb1_ic80oc64,1.4";

    @Test
    void theLogReaderTellsTheEnginesLayoutFromOneDnnsOwnChoice() {
        assertEquals(List.of("acdb", "acdb"), OnednnLog.tags(FORWARD_ACDB));
        assertEquals(1, OnednnLog.engineChannelsLast(List.of("case x", PLAIN, FORWARD_ACDB)).size());
        assertEquals(List.of(), OnednnLog.engineChannelsLast(List.of(PLAIN, REORDER_INTO_ACDB, BACKWARD_ACDB)));
        assertEquals(1, OnednnLog.engineChannelsLast(List.of(REORDER_INTO_ACDB, BACKWARD_ACDB, BACKWARD_ACDB)).size(),
                "a reorder covers only the convolution right after it");
        assertEquals(List.of(), OnednnLog.partBlocks(List.of(FORWARD_ACDB, PLAIN.replace("ic80", "ic96"), BACKWARD_ACDB)));
        assertEquals(2, OnednnLog.partBlocks(List.of("case x", PLAIN, FORWARD_ACDB.replace("oc32", "oc4"))).size(),
                "80 input channels leave a block of 32 part-filled; 4 output channels one of 16");
    }

    @Test
    void noNetworkFeedsAConvolutionChannelsLastMemory() throws IOException, InterruptedException {
        Path shared = SharedFixtures.parity().getParent();
        ProcessBuilder builder = new ProcessBuilder(List.of(io.lipsync.util.Relaunch.javaExecutable(), "-Xmx6g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), LayoutTour.class.getName(),
                shared.toString())).redirectErrorStream(true);
        builder.environment().put("ONEDNN_VERBOSE", "1");
        Process p = builder.start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertTrue(lines.contains("tour done"), () -> "the tour did not finish:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        assertTrue(OnednnLog.convolutions(lines) > 1000, "the log shows the convolutions that ran");
        assertTrue(lines.stream().anyMatch(l -> l.contains(",backward_data,")), "training's backward ran through oneDNN");
        List<String> found = OnednnLog.engineChannelsLast(lines);
        assertEquals(List.of(), found.subList(0, Math.min(found.size(), 10)), found.size() + " convolutions on channels-last memory");
        List<String> partBlocks = OnednnLog.partBlocks(lines);
        assertEquals(List.of(), partBlocks.subList(0, Math.min(partBlocks.size(), 10)),
                partBlocks.size() + " convolutions with part-filled channel blocks");
    }
}
