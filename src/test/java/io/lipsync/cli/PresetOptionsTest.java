package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.diffusion.SamplerKind;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.modelfiles.CheckpointFolder;
import io.lipsync.modelfiles.LockedFile;
import io.lipsync.modelfiles.Proof;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --preset names a set of settings; an option given by hand replaces just its own. */
class PresetOptionsTest {
    @TempDir
    Path dir;

    private RenderCommand parse(String... options) {
        RenderCommand render = new RenderCommand();
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[] {"--video", "v.mp4", "--audio", "a.wav", "--out", "o.mp4"}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        new CommandLine(render).parseArgs(args);
        return render;
    }

    @Test
    void standardIsUpstreamsDefaults() {
        RenderCommand r = parse();
        assertEquals(DenoiseOptions.defaults(), r.sampling.denoise());
        assertEquals("sampling: ddim, 20 steps, guidance 1.5, DeepCache (preset standard)", r.sampling.line());
    }

    @Test
    void draftIsTenDpmSolverStepsWithoutGuidance() {
        DenoiseOptions draft = parse("--preset", "draft").sampling.denoise();
        assertEquals(SamplerKind.DPM_SOLVER, draft.sampler());
        assertEquals(10, draft.steps());
        assertFalse(draft.guided(), "guidance off: one U-Net pass per step, not two");
        assertTrue(draft.deepCache());
    }

    @Test
    void anOptionGivenByHandReplacesOnlyItsOwnSetting() {
        DenoiseOptions d = parse("--preset", "DRAFT", "--steps", "8").sampling.denoise();
        assertEquals(8, d.steps());
        assertEquals(SamplerKind.DPM_SOLVER, d.sampler());
        assertEquals(1.0f, d.guidance());
        DenoiseOptions s = parse("--guidance", "2", "--no-deepcache", "--sampler", "dpm-solver++").sampling.denoise();
        assertEquals(new DenoiseOptions(20, 2f, false, DenoiseOptions.DEFAULT_CACHE_INTERVAL, SamplerKind.DPM_SOLVER), s);
    }

    @Test
    void finalTakesThe512pxModelUnlessAnotherIsNamed() throws Exception {
        // a folder that holds 1.5: the usual choice is what was downloaded
        new CheckpointFolder(dir).remember("1.5", "latentsync_unet.pt", new LockedFile(1, "00", "c0ffee", Proof.SHA256));
        String folder = dir.toString();
        assertEquals("stage2", configOf("--checkpoints", folder));
        assertEquals("stage2", configOf("--checkpoints", folder, "--preset", "draft"));
        assertEquals("stage2_512", configOf("--checkpoints", folder, "--preset", "final"));
        assertEquals("stage2", configOf("--checkpoints", folder, "--preset", "final", "--model", "1.5"));
        assertTrue(parse("--preset", "final").sampling.line().endsWith("(preset final, model 1.6)"));
    }

    private String configOf(String... options) {
        RenderCommand r = parse(options);
        return r.engine.modelSet(r.sampling.preset()).configName();
    }

    @Test
    void anUnknownPresetIsAUsageErrorListingTheNames() {
        String[] result = ModelsCommandTest.run("render", "--video", "v.mp4", "--audio", "a.wav", "--out",
                dir.resolve("o.mp4").toString(), "--preset", "fast");
        assertEquals("2", result[0], result[1]);
        assertTrue(result[1].contains("--preset must be one of [draft, standard, final], not 'fast'"), result[1]);
    }
}
