package io.lipsync.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.testing.EvalModels;
import io.lipsync.testing.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks opened by name: where each file is, what a missing one says, once per network, closed together. */
class NetsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileSaysWhereItWasLookedForAndHowToGetIt() {
        NetFiles files = NetFiles.in(dir);
        Found<Path> v2 = files.find(NetFile.SYNCNET_V2);
        assertFalse(v2.present());
        assertEquals("missing SyncNet-v2 at " + dir.resolve(ModelCatalog.SYNCNET_V2)
                + " (run `lipsync models download --data`)", v2.missing());
        assertTrue(files.find(NetFile.LPIPS_LIN).missing().contains("lpips Python package"));
        try (Nets nets = new Nets(files, Device.cpu())) {
            CheckpointException e = assertThrows(CheckpointException.class, nets::lpips);
            assertTrue(e.userMessage().contains("missing LPIPS's VGG16 at " + dir.resolve(ModelCatalog.LPIPS_VGG)),
                    e.userMessage());
            assertTrue(e.userMessage().contains("lipsync models download --training")
                    && e.userMessage().contains("--lpips-vgg"), e.userMessage());
        }
    }

    @Test
    void aNamedFileWinsOverTheFoldersAndNullKeepsTheFolders() throws Exception {
        Path own = Files.writeString(dir.resolve("mine.pt"), "x");
        NetFiles files = NetFiles.in(dir).with(NetFile.SYNCNET, own).with(NetFile.VAE, null);
        assertEquals(own, files.find(NetFile.SYNCNET).value());
        assertEquals(dir.resolve(ModelCatalog.VAE_DIR), files.path(NetFile.VAE));
        assertEquals(dir.resolve(ModelCatalog.BLAZE_FACE.localPath()), files.path(NetFile.FACE_DETECTOR),
                "without InsightFace's two files the face detector is BlazeFace's");
        NetFiles noFolder = new NetFiles(null, java.util.Map.of());
        assertEquals("missing SyncNet-v2 (run `lipsync models download --data`)", noFolder.find(NetFile.SYNCNET_V2).missing());
    }

    @Test
    void eachNetworkIsOpenedOnceAndAnotherConfigIsAnotherNetwork() throws Exception {
        Path parity = SharedFixtures.parity();
        NetFiles files = new NetFiles(null, java.util.Map.of(NetFile.UNET, parity.resolve("unet_tiny_random.pt"),
                NetFile.WHISPER, parity.resolve("whisper_tiny_random.pt")));
        UNetConfig tiny = UNetConfig.load(parity.resolve("unet_tiny.yaml"));
        Nets nets = new Nets(files, Device.cpu());
        try (nets) {
            UNet3D unet = nets.unet(tiny);
            assertSame(unet, nets.unet(tiny), "asked twice, opened once");
            assertSame(nets.whisper(), nets.whisper());
            CheckpointException other = assertThrows(CheckpointException.class,
                    () -> nets.unet(UNetConfig.builtin("stage2")));
            assertTrue(other.userMessage().contains("does not match the architecture"), other.userMessage());
        }
        assertFalse(nets.manager().isOpen(), "closing the nets frees their weights");
    }

    @Test
    void judgesOpenFromTheCheckpointsFolderInItsLayout() throws Exception {
        EvalModels.syncnetV2(dir);
        try (Nets nets = new Nets(NetFiles.in(dir), Device.cpu())) {
            assertTrue(nets.find(NetFile.SYNCNET_V2).present());
            SyncNetV2 net = nets.syncNetV2();
            assertSame(net, nets.syncNetV2());
            net.params().weights().values().forEach(p -> assertEquals(Device.cpu(), p.value().getDevice(),
                    "every weight filled, on the nets' device: " + p.name()));
            assertFalse(nets.find(NetFile.S3FD).present());
        }
    }
}
