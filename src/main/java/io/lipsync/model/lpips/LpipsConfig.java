package io.lipsync.model.lpips;

import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VGG16 trunk LPIPS taps: its {@code features} layer list (conv widths, and "M" for a 2x2 max-pool),
 * as torchvision's {@code cfgs['D']}; each stage (convs before a pool) ends in a tap.
 *
 * @param layers conv output widths, with {@code null} for each max-pool
 */
public record LpipsConfig(List<Integer> layers) {
    private static final Pattern CONV = Pattern.compile("features\\.(\\d+)\\.weight");

    /** torchvision's VGG16: 64, 64, M, 128, 128, M, 256 x3, M, 512 x3, M, 512 x3, M. */
    public static LpipsConfig vgg16() {
        return new LpipsConfig(Arrays.asList(64, 64, null, 128, 128, null, 256, 256, 256, null, 512, 512, 512,
                null, 512, 512, 512, null));
    }

    /**
     * The layer list a VGG-style {@code features} state dict implies: a conv at every {@code features.i.weight}
     * (width = its output channels), a max-pool wherever the indices skip one (conv, ReLU, pool), and the
     * closing pool VGG always ends with.
     */
    public static LpipsConfig fromTrunk(StateDict trunk) {
        TreeMap<Integer, Integer> convs = new TreeMap<>();
        trunk.tensors().forEach((k, t) -> {
            Matcher m = CONV.matcher(k);
            if (m.matches()) {
                convs.put(Integer.parseInt(m.group(1)), (int) t.shape()[0]);
            }
        });
        if (convs.isEmpty()) {
            throw new CheckpointException("no features.N.weight in the LPIPS trunk file",
                    "give torchvision's vgg16-397923af.pth");
        }
        List<Integer> layers = new ArrayList<>();
        int previous = -2;
        for (var e : convs.entrySet()) {
            if (e.getKey() - previous == 3) {
                layers.add(null);
            }
            layers.add(e.getValue());
            previous = e.getKey();
        }
        layers.add(null);
        return new LpipsConfig(layers);
    }
}
