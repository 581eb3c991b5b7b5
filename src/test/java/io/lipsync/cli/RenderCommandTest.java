package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoEncoder;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to `lipsync render`: one clear sentence, exit status 1, and never a partial output. */
class RenderCommandTest {
    @TempDir
    Path dir;

    /** Renders with the tiny models; {@code overrides} are option/value pairs replacing the defaults. */
    private String[] render(Path video, Path audio, String... overrides) {
        Path parity = SharedFixtures.parity();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--video", video.toString());
        options.put("--audio", audio.toString());
        options.put("--out", dir.resolve("out.mp4").toString());
        options.put("--steps", "1");
        options.put("--cache", dir.resolve("cache").toString());
        options.put("--unet-config", parity.resolve("unet_tiny.yaml").toString());
        options.put("--unet-ckpt", parity.resolve("unet_tiny_random.pt").toString());
        options.put("--whisper", parity.resolve("whisper_tiny_random.pt").toString());
        options.put("--vae", parity.resolve("vae_tiny_random").toString());
        options.put("--face-detector", TestModels.blazeFace().toString());
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("render"));
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return ModelsCommandTest.run(args.toArray(String[]::new));
    }

    private void assertRefused(String[] result, String phrase) throws Exception {
        // A bad option value is a usage error (2, with where help is); anything else the user can fix is 1.
        assertEquals(result[1].contains("error: --") ? "2" : "1", result[0], result[1]);
        assertTrue(result[1].contains("error: "), result[1]);
        assertTrue(result[1].contains(phrase), result[1]);
        assertFalse(result[1].contains("\tat "), "no stack trace: " + result[1]);
        assertFalse(Files.exists(dir.resolve("out.mp4")), "no output file");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial file left");
        }
    }

    private Path media(String name) {
        return SharedFixtures.media().resolve(name);
    }

    @Test
    void missingFiles() throws Exception {
        assertRefused(render(dir.resolve("nope.mp4"), media("voice-en.wav")), "does not exist");
        assertRefused(render(media("face-clip.mp4"), dir.resolve("nope.wav")), "does not exist");
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        Path voice = dir.resolve("voice.wav");
        Files.copy(media("face-clip.mp4"), clip);
        Files.copy(media("voice-en.wav"), voice);
        byte[] before = Files.readAllBytes(clip);
        for (Path input : new Path[] {clip, voice}) {
            String[] result = render(clip, voice, "--out", input.toString());
            assertEquals("2", result[0], result[1]);
            assertTrue(result[1].contains("would replace it"), result[1]);
        }
        Files.createDirectories(dir.resolve("sub"));
        String[] viaDotDot = render(clip, voice, "--out", dir.resolve("sub/../clip.mp4").toString());
        assertTrue(viaDotDot[1].contains("would replace it"), viaDotDot[1]);
        assertArrayEquals(before, Files.readAllBytes(clip));
    }

    @Test
    void nonFiniteOrOutOfRangeSamplingIsRefusedNamingTheOption() throws Exception {
        for (String guidance : new String[] {"NaN", "Infinity", "1e39", "0.5", "21"}) {
            assertRefused(render(media("face-clip.mp4"), media("voice-en.wav"), "--guidance", guidance),
                    "--guidance must be");
        }
        for (String steps : new String[] {"0", "1001"}) {
            assertRefused(render(media("face-clip.mp4"), media("voice-en.wav"), "--steps", steps), "--steps must be");
        }
    }

    @Test
    void aVideoWithoutVideoAndAVoiceWithoutAudio() throws Exception {
        assertRefused(render(media("voice-en.wav"), media("voice-en.wav")), "has no video stream");
        assertRefused(render(media("face-clip.mp4"), media("face.png")), "no audio stream");
    }

    @Test
    void unreadableMediaAndEmptyFiles() throws Exception {
        Path garbage = dir.resolve("garbage.mp4");
        byte[] noise = new byte[50_000];
        new java.util.Random(1).nextBytes(noise);
        Files.write(garbage, noise);
        assertRefused(render(garbage, media("voice-en.wav")), "FFmpeg can read");
        Path truncated = dir.resolve("truncated.mp4");
        byte[] clip = Files.readAllBytes(media("face-clip.mp4"));
        Files.write(truncated, Arrays.copyOf(clip, clip.length / 2));
        assertRefused(render(truncated, media("voice-en.wav")), "damaged, truncated");
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertRefused(render(empty, media("voice-en.wav")), "FFmpeg can read");
    }

    @Test
    void silentVoice() throws Exception {
        Path silent = dir.resolve("silent.wav");
        Files.write(silent, wav(new short[16000]));
        assertRefused(render(media("face-clip.mp4"), silent), "is silent");
    }

    @Test
    void aClipWithNoFaceAtAll() throws Exception {
        Path grey = dir.resolve("grey.mp4");
        try (VideoEncoder encoder = new VideoEncoder(grey, 320, 240, "mp4")) {
            Rgb frame = Rgb.blank(320, 240);
            Arrays.fill(frame.pixels(), (byte) 90);
            for (int i = 0; i < 25; i++) {
                encoder.writeVideo(frame);
            }
            encoder.commit();
        }
        assertRefused(render(grey, media("voice-en.wav")), "no face was found");
    }

    @Test
    void aWrongCheckpointNamesTheProblem() throws Exception {
        String[] r = render(media("face-clip.mp4"), media("voice-en.wav"), "--unet-ckpt",
                SharedFixtures.parity().resolve("whisper_tiny_random.pt").toString());
        assertRefused(r, "does not match the architecture");
        assertTrue(r[1].contains("missing keys"), r[1]);
    }

    @Test
    void devicesAreCheckedBeforeAnyWork() throws Exception {
        assertRefused(render(media("face-clip.mp4"), media("voice-en.wav"), "--device", "tpu"), "must be auto, cpu or cuda");
        // No GPU on the test machines: cuda is refused with what to do.
        assertRefused(render(media("face-clip.mp4"), media("voice-en.wav"), "--device", "cuda"), "CUDA");
    }

    /** A 16 kHz mono 16-bit PCM WAV. */
    static byte[] wav(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
