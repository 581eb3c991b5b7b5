package io.lipsync.model.videomae;

/**
 * VideoMAE v2's VisionTransformer as TREPA builds it: 224 px, 14 px patches, 2-frame tubelets, a 16-frame
 * position table, mean pooling; the width, depth, heads and MLP width vary (ViT-g: 1408, 40, 16, 6144).
 */
public record VitConfig(int imgSize, int patchSize, int tubelet, int allFrames, int width, int depth, int heads,
        int mlpHidden, int numClasses) {
    /** vit_g_hybrid_pt_1200e_ssv2_ft.pth: ViT-g fine-tuned on Something-Something v2 (174 classes). */
    public static VitConfig vitGiant() {
        return new VitConfig(224, 14, 2, 16, 1408, 40, 16, 6144, 174);
    }

    /** Patches per frame side (16 at 224 px). */
    public int grid() {
        return imgSize / patchSize;
    }
}
