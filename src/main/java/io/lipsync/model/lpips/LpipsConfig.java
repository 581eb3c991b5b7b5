package io.lipsync.model.lpips;

import java.util.List;

/**
 * The VGG16 trunk LPIPS taps: its {@code features} layer list (conv widths, and "M" for a 2x2 max-pool),
 * as torchvision's {@code cfgs['D']}; each stage (convs before a pool) ends in a tap.
 *
 * @param layers conv output widths, with {@code null} for each max-pool
 */
public record LpipsConfig(List<Integer> layers) {
    /** torchvision's VGG16: 64, 64, M, 128, 128, M, 256 x3, M, 512 x3, M, 512 x3, M. */
    public static LpipsConfig vgg16() {
        return new LpipsConfig(java.util.Arrays.asList(64, 64, null, 128, 128, null, 256, 256, 256, null, 512, 512, 512,
                null, 512, 512, 512, null));
    }
}
