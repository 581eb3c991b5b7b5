package io.lipsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Params;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.testing.ManifestCheckpoints;
import io.lipsync.testing.SharedFixtures;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The architectures built from the official configs declare exactly the official checkpoints' keys and shapes. */
class ManifestTest {

    private static JsonObject manifest(String name) throws Exception {
        return JsonParser.parseString(Files.readString(SharedFixtures.parity().resolve(name))).getAsJsonObject();
    }


    private static void assertMatches(Params params, JsonObject manifest) {
        Map<String, long[]> expected = ManifestCheckpoints.keys(manifest);
        KeyCheck check = KeyCheck.compare(params.expectedKeys(), expected);
        assertTrue(check.clean(), check.describe());
        assertEquals(expected.size(), params.expectedKeys().size());
        long count = params.expectedKeys().values().stream()
                .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        assertEquals(manifest.get("params").getAsLong(), count, "parameter count");
    }

    @ParameterizedTest
    @CsvSource({"stage1, manifest_unet_stage1.json", "stage2, manifest_unet_stage2.json",
            "stage2_512, manifest_unet_stage2_512.json", "stage2_efficient, manifest_unet_stage2_efficient.json"})
    void unetConfigsGiveTheOfficialKeys(String config, String manifestFile) throws Exception {
        JsonObject manifest = manifest(manifestFile);
        assertTrue(manifest.get("config").getAsString().endsWith("/" + config + ".yaml"));
        assertMatches(new UNet3D(UNetConfig.builtin(config)).params(), manifest);
    }

    @Test
    void stage2At512HasLatents64() {
        assertEquals(64, UNetConfig.builtin("stage2_512").latentSize());
        assertEquals(32, UNetConfig.builtin("stage2").latentSize());
    }

    @Test
    void whisperTinyGivesTheOfficialKeys() throws Exception {
        JsonObject manifest = manifest("manifest_whisper_tiny.json");
        WhisperDims dims = WhisperDims.fromMap(new com.google.gson.Gson().fromJson(manifest.get("dims"), Map.class));
        assertMatches(new WhisperEncoder(dims).params(), manifest);
    }

    @Test
    void sdVaeFtMseGivesTheOfficialKeys() throws Exception {
        JsonObject manifest = manifest("manifest_vae_sd_ft_mse.json");
        assertEquals(VaeConfig.SCALING_FACTOR, manifest.get("scaling_factor").getAsFloat());
        assertMatches(new AutoencoderKL(VaeConfig.sdVaeFtMse()).params(), manifest);
    }

    @ParameterizedTest
    @CsvSource({"manifest_syncnet_16_pixel_attn.json", "manifest_syncnet_16_pixel.json",
            "manifest_syncnet_16_latent.json"})
    @SuppressWarnings("unchecked")
    void syncNetConfigsGiveTheOfficialKeys(String manifestFile) throws Exception {
        JsonObject manifest = JsonParser.parseString(Files.readString(SharedFixtures.parityTrain()
                .resolve(manifestFile))).getAsJsonObject();
        Map<String, Object> root = new com.google.gson.Gson().fromJson(manifest, Map.class);
        io.lipsync.model.syncnet.StableSyncNet net = new io.lipsync.model.syncnet.StableSyncNet(
                io.lipsync.model.syncnet.SyncNetConfig.parse(root, manifestFile));
        assertMatches(net.params(), manifest);
    }
}
