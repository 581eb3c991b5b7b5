package io.lipsync.model.hyperiqa;

/**
 * HyperIQA's sizes ({@code HyperNet(lda_out_channels, hyper_in_channels, target_in_size, target_fc1_size, ...,
 * feature_size)}): the local-distortion features per stage, the hyper network's width, the target network's
 * input and layer widths, and the side of the last feature map.
 */
public record HyperIqaConfig(int ldaOut, int hyperIn, int targetIn, int fc1, int fc2, int fc3, int fc4, int featureSize) {
    /** koniq_pretrained.pkl, as upstream's filter_visual_quality builds it: HyperNet(16, 112, 224, 112, 56, 28, 14, 7). */
    public static HyperIqaConfig koniq() {
        return new HyperIqaConfig(16, 112, 224, 112, 56, 28, 14, 7);
    }
}
