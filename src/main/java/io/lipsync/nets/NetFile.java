package io.lipsync.nets;

import io.lipsync.modelfiles.ModelCatalog;

/**
 * Every weight file a network is opened from: where it lives under the checkpoints folder, what messages call
 * it, and how a user gets it.
 */
public enum NetFile {
    UNET(ModelCatalog.UNET, "the U-Net", Fetch.MODELS, "--unet-ckpt (train: --init)"),
    WHISPER(ModelCatalog.WHISPER, "Whisper", Fetch.MODELS, "--whisper"),
    VAE(ModelCatalog.VAE_DIR, "the VAE", Fetch.MODELS, "--vae"),
    /** InsightFace's folder when both its files are there, else BlazeFace's file (see {@link NetFiles}). */
    FACE_DETECTOR(ModelCatalog.BLAZE_FACE.localPath(), "the face detector", Fetch.MODELS, "--face-detector"),
    SYNCNET(ModelCatalog.SYNCNET, "StableSyncNet", Fetch.TRAINING, "--syncnet"),
    LPIPS_VGG(ModelCatalog.LPIPS_VGG, "LPIPS's VGG16", Fetch.TRAINING, "--lpips-vgg"),
    LPIPS_LIN(ModelCatalog.LPIPS_LIN, "LPIPS's linear weights", Fetch.BY_HAND, "--lpips-lin"),
    VIDEOMAE(ModelCatalog.VIDEOMAE, "TREPA's VideoMAE", Fetch.TRAINING, "--videomae"),
    SYNCNET_V2(ModelCatalog.SYNCNET_V2, "SyncNet-v2", Fetch.DATA, null),
    S3FD(ModelCatalog.S3FD, "S3FD", Fetch.DATA, null),
    HYPER_IQA(ModelCatalog.HYPER_IQA, "HyperIQA", Fetch.DATA, null),
    FID_INCEPTION(ModelCatalog.FID_INCEPTION, "FID's Inception", Fetch.DATA, null),
    I3D(ModelCatalog.I3D, "I3D (FVD)", Fetch.DATA, null);

    /** How a user gets a file. */
    private enum Fetch {
        MODELS("run `lipsync models download`"),
        TRAINING("run `lipsync models download --training`"),
        DATA("run `lipsync models download --data`"),
        BY_HAND("it ships inside the lpips Python package (weights/v0.1/vgg.pth): copy it there");

        private final String how;

        Fetch(String how) {
            this.how = how;
        }
    }

    private final String localPath;
    private final String label;
    private final Fetch fetch;
    private final String option;

    NetFile(String localPath, String label, Fetch fetch, String option) {
        this.localPath = localPath;
        this.label = label;
        this.fetch = fetch;
        this.option = option;
    }

    /** Where it lives under the checkpoints folder. */
    public String localPath() {
        return localPath;
    }

    public String label() {
        return label;
    }

    /** What to do when it is missing. */
    public String fetch() {
        return fetch.how;
    }

    /** The same, with the way to name another file. */
    public String remedy() {
        return fetch.how + (option == null ? ", or give --checkpoints the folder that holds it"
                : ", or name the file with " + option);
    }
}
