package io.lipsync.nets;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.model.hyperiqa.HyperIqa;
import io.lipsync.model.hyperiqa.HyperIqaConfig;
import io.lipsync.model.i3d.I3dFeatures;
import io.lipsync.model.inception.FidInception;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.lpips.LpipsConfig;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.s3fd.S3fdNet;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.syncnetv2.SyncNetV2Config;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.videomae.VideoMaeVit;
import io.lipsync.model.videomae.VitConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place networks are opened: each by name from {@link NetFiles}, the first time it is asked for, its
 * weights on one device; closing closes them all. A missing file fails with what to do ({@link NetFiles#find}
 * asks first without failing).
 */
public final class Nets implements AutoCloseable {
    private record Key(NetFile file, Object config) {}

    private final NetFiles files;
    private final NDManager manager;
    private final Map<Key, Object> opened = new HashMap<>();
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    public Nets(NetFiles files, Device device) {
        this.files = files;
        this.manager = NDManager.newBaseManager(device);
    }

    public NetFiles files() {
        return files;
    }

    /** Where the weights live; work on them in its sub-managers. */
    public NDManager manager() {
        return manager;
    }

    /** {@code file} where it is, or why it is missing. */
    public Found<Path> find(NetFile file) {
        return files.find(file);
    }

    public UNet3D unet(UNetConfig config) {
        return open(NetFile.UNET, config, () -> new UNet3D(config));
    }

    public AutoencoderKL vae() {
        return cached(NetFile.VAE, null, () -> loadVae(files.require(NetFile.VAE), manager));
    }

    public WhisperEncoder whisper() {
        return cached(NetFile.WHISPER, null, () -> loadWhisper(files.require(NetFile.WHISPER), manager));
    }

    public StableSyncNet syncNet(SyncNetConfig config) {
        return open(NetFile.SYNCNET, config, () -> new StableSyncNet(config));
    }

    public VideoMaeVit videoMae(VitConfig config) {
        return open(NetFile.VIDEOMAE, config, () -> new VideoMaeVit(config));
    }

    public SyncNetV2 syncNetV2() {
        return open(NetFile.SYNCNET_V2, null, () -> new SyncNetV2(SyncNetV2Config.official()));
    }

    public S3fdNet s3fd() {
        return open(NetFile.S3FD, null, S3fdNet::new);
    }

    public HyperIqa hyperIqa() {
        return open(NetFile.HYPER_IQA, null, () -> new HyperIqa(HyperIqaConfig.koniq()));
    }

    public FidInception fidInception() {
        return open(NetFile.FID_INCEPTION, null, FidInception::new);
    }

    /** LPIPS from two files: torchvision's VGG16 (its classifier unused) and lpips' linear weights. */
    public Lpips lpips() {
        return cached(NetFile.LPIPS_VGG, null, () -> loadLpips(files.require(NetFile.LPIPS_VGG), files.require(NetFile.LPIPS_LIN),
                manager));
    }

    /** FVD's I3D, a TorchScript file run as it is. */
    public I3dFeatures i3d() {
        return cached(NetFile.I3D, null, () -> closeLast(I3dFeatures.load(files.require(NetFile.I3D), manager.getDevice())));
    }

    /** The face stage's detector (ONNX Runtime, on the CPU). */
    public FaceDetector faceDetector() {
        return cached(NetFile.FACE_DETECTOR, null, () -> closeLast(FaceDetectors.open(files.require(NetFile.FACE_DETECTOR))));
    }

    /** Loads {@code file} into {@code net}, which the caller built (a fixture's config, a training start). */
    public static <N extends Network<?>> N load(N net, Path file, NDManager manager) {
        net.load(StateDict.load(file), manager);
        return net;
    }

    /**
     * Loads every parameter of {@code net} from a file that may hold more (a stage-2 U-Net for a stage-1 model,
     * as upstream's trainers start from latentsync_unet.pt); returns the keys left unused.
     */
    public static List<String> loadPart(Network<?> net, Path file, NDManager manager) {
        return WeightLoader.loadSubset(net.params(), StateDict.load(file), manager, net.name());
    }

    /** A diffusers AutoencoderKL folder (config.json and weights; without config.json, sd-vae-ft-mse's layout). */
    public static AutoencoderKL loadVae(Path folder, NDManager manager) {
        return load(vaeArchitecture(folder), folder, manager);
    }

    /** An openai-format Whisper file: its dims size the encoder. */
    public static WhisperEncoder loadWhisper(Path file, NDManager manager) {
        StateDict dict = StateDict.load(file);
        WhisperEncoder encoder = whisperArchitecture(dict);
        encoder.load(dict, manager);
        return encoder;
    }

    /** LPIPS from torchvision's VGG16 (its classifier unused; its layers size the trunk) and lpips' linear weights. */
    public static Lpips loadLpips(Path vgg, Path linear, NDManager manager) {
        StateDict trunk = StateDict.load(vgg);
        Lpips lpips = new Lpips(LpipsConfig.fromTrunk(trunk));
        lpips.load(trunk, StateDict.load(linear), manager);
        return lpips;
    }

    /** A diffusers AutoencoderKL folder's architecture: its config.json, else sd-vae-ft-mse's. */
    static AutoencoderKL vaeArchitecture(Path folder) {
        return new AutoencoderKL(Files.isRegularFile(folder.resolve("config.json")) ? VaeConfig.load(folder)
                : VaeConfig.sdVaeFtMse());
    }

    /** openai's layout, {'dims': {...}, 'model_state_dict': {...}}: the dims size the encoder. */
    static WhisperEncoder whisperArchitecture(StateDict file) {
        if (!(file.extras().get("dims") instanceof Map<?, ?> dims)) {
            throw new CheckpointException("this file has no Whisper 'dims' entry, so it is not an openai-format "
                    + "Whisper checkpoint", "use checkpoints/whisper/tiny.pt from the LatentSync download");
        }
        return new WhisperEncoder(WhisperDims.fromMap(dims));
    }

    private <N extends Network<?>> N open(NetFile file, Object config, Supplier<N> architecture) {
        return cached(file, config, () -> load(architecture.get(), files.require(file), manager));
    }

    private synchronized <T> T cached(NetFile file, Object config, Supplier<T> opening) {
        Key key = new Key(file, config);
        @SuppressWarnings("unchecked")
        T net = (T) opened.get(key);
        if (net == null) {
            net = opening.get();
            opened.put(key, net);
        }
        return net;
    }

    private <T extends AutoCloseable> T closeLast(T resource) {
        closeLast.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : closeLast) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c, e);
            }
        }
        closeLast.clear();
        opened.clear();
        manager.close();
    }
}
