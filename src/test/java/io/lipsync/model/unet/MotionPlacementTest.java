package io.lipsync.model.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Motion modules sit where upstream's unet.py puts them: down block i by {@code 2 ** i}, up block i by
 * {@code 2 ** (3 - i)}, whatever the number of levels. Only a config with other than four levels tells
 * the two rules apart.
 */
class MotionPlacementTest {
    private static final String TWO_LEVELS = """
            data: {resolution: 64, num_frames: 2}
            model:
              in_channels: 13
              out_channels: 4
              block_out_channels: [32, 64]
              down_block_types: [CrossAttnDownBlock3D, DownBlock3D]
              up_block_types: [UpBlock3D, CrossAttnUpBlock3D]
              layers_per_block: 1
              attention_head_dim: 4
              cross_attention_dim: 64
              norm_num_groups: 32
              add_audio_layer: true
              use_motion_module: true
              motion_module_resolutions: [1, 2]
              motion_module_kwargs: {num_attention_heads: 4, num_transformer_block: 1,
                attention_block_types: [Temporal_Self, Temporal_Self], temporal_position_encoding: true,
                temporal_position_encoding_max_len: 24}
            """;

    @Test
    void aTwoLevelConfigHasDownBlockMotionModulesOnly() {
        Map<String, Object> yaml = new Yaml().load(TWO_LEVELS);
        UNet3D unet = new UNet3D(UNetConfig.parse(yaml, "two levels"));
        Set<String> blocksWithMotion = new TreeSet<>();
        for (String key : unet.params().weights().keySet()) {
            if (key.contains("motion_modules")) {
                blocksWithMotion.add(key.substring(0, key.indexOf(".motion_modules")));
            }
        }
        // Upstream: up block 0 asks for 2 ** 3 = 8, up block 1 for 2 ** 2 = 4; neither is in [1, 2].
        assertEquals(Set.of("down_blocks.0", "down_blocks.1"), blocksWithMotion);
    }

    @Test
    void upBlocksFollowTwoToTheThreeMinusI() {
        List<Integer> all = List.of(1, 2, 4, 8);
        for (int i = 0; i < 4; i++) {
            assertTrue(UNet3D.upBlockHasMotion(all, i), "up block " + i);
        }
        assertFalse(UNet3D.upBlockHasMotion(all, 4), "a fifth level asks for 2 ** -1");
        assertTrue(UNet3D.upBlockHasMotion(List.of(8), 0));
        assertFalse(UNet3D.upBlockHasMotion(List.of(1, 2), 1));
        assertTrue(UNet3D.upBlockHasMotion(List.of(1, 2), 3));
    }
}
