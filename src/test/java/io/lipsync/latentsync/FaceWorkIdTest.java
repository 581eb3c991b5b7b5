package io.lipsync.latentsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lipsync.testing.SharedFixtures;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face cache is keyed on the VAE's content, not its folder's name. */
class FaceWorkIdTest {
    @TempDir
    Path dir;

    @Test
    void anotherVaeInAFolderOfTheSameNameIsAnotherKey() throws Exception {
        Path vae = Files.createDirectories(dir.resolve("sd-vae-ft-mse"));
        Path tiny = SharedFixtures.parity().resolve("vae_tiny_random");
        for (String f : new String[] {"config.json", "diffusion_pytorch_model.safetensors"}) {
            Files.copy(tiny.resolve(f), vae.resolve(f));
        }
        String first = LatentSyncModels.faceWorkId(256, vae);
        assertEquals(first, LatentSyncModels.faceWorkId(256, vae), "the same content, the same key");
        assertNotEquals(first, LatentSyncModels.faceWorkId(512, vae), "another resolution");

        // Same name, same size, other weights: one value in the middle of the file changed.
        Path weights = vae.resolve("diffusion_pytorch_model.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x40);
        }
        assertNotEquals(first, LatentSyncModels.faceWorkId(256, vae));
    }
}
