package io.lipsync.model.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.testing.SharedFixtures;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The U-Net names the parts it times (bench's --profile) as its checkpoint names them, so a profile's rows
 * read like the weights' keys; a DeepCache step runs only the shallow parts.
 */
class ModulePathsTest {
    @Test
    void aFullAndACachedPassNameTheirBlocksAsTheCheckpointDoes() throws Exception {
        UNet3D unet = new UNet3D(UNetConfig.load(SharedFixtures.parity().resolve("unet_tiny.yaml")));
        try (NDManager m = NDManager.newBaseManager(); DeepCache cache = new DeepCache(3)) {
            RandomWeights.fill(unet.params(), m, 11);
            int latent = unet.config().latentSize();
            var sample = m.randomNormal(new Shape(1, 13, 2, latent, latent));
            var audio = m.randomNormal(new Shape(2, 50, unet.config().attention().crossAttentionDim()));
            cache.beginStep(0);
            List<ModuleTimes.Row> full = ModuleTimes.of(() -> unet.forward(sample, 500f, audio, cache));
            cache.beginStep(1);
            List<ModuleTimes.Row> cached = ModuleTimes.of(() -> unet.forward(sample, 480f, audio, cache));

            Set<String> blocks = names(full, 2);
            assertEquals(new TreeSet<>(List.of("time_embedding", "conv_in", "down_blocks.0", "down_blocks.1",
                    "down_blocks.2", "down_blocks.3", "mid_block", "up_blocks.0", "up_blocks.1", "up_blocks.2",
                    "up_blocks.3", "conv_out")), blocks);
            for (ModuleTimes.Row row : full) {
                if (row.depth() > 1) {
                    String key = row.path().substring("U-Net/".length()).replace('/', '.');
                    String prefix = key + (row.depth() == 3 ? ".0." : ".");
                    assertTrue(unet.params().weights().keySet().stream().anyMatch(k -> k.startsWith(prefix)),
                            "no weight under " + prefix);
                }
            }
            assertEquals(Set.of("resnets", "attentions", "motion_modules", "downsamplers", "upsamplers"), names(full, 3));
            assertEquals(new TreeSet<>(List.of("time_embedding", "conv_in", "up_blocks.3", "conv_out")), names(cached, 2));
            assertEquals(1, full.stream().filter(r -> r.depth() == 1).count());
            assertEquals("U-Net", full.get(0).path());
        }
    }

    private static Set<String> names(List<ModuleTimes.Row> rows, int depth) {
        return rows.stream().filter(r -> r.depth() == depth).map(ModuleTimes.Row::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
