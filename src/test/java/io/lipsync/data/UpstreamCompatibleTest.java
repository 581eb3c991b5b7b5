package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.nets.Found;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.media.FfmpegCli;
import io.lipsync.media.MediaProbe;
import io.lipsync.shots.ShotDetector;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture's 12 s, 30 fps talk clip with a hard cut: upstream's re-encode makes it 302 frames and its split
 * leaves the last one out; the default reads 300 lag-free frames and keeps the last.
 */
class UpstreamCompatibleTest {
    @TempDir
    Path dir;

    private List<int[]> ranges(boolean upstreamCompatible) {
        return ranges(SharedFixtures.parityData().resolve("t12/raw/talk_in.mp4"), upstreamCompatible);
    }

    private List<int[]> ranges(Path source, boolean upstreamCompatible) {
        Path out = dir.resolve(upstreamCompatible ? "upstream" : "default");
        try (FaceDetector faces = FaceDetectors.open(TestModels.blazeFace());
                PrepareTools tools = new PrepareTools(faces, Found.missing("not needed here"), null,
                        Found.missing("not needed here"), () -> {})) {
            SourcePreparer.prepareOutput(out);
            return new SourcePreparer(256, ShotDetector.Settings.upstream(), Filters.upstream(), upstreamCompatible)
                    .prepare(source, source.getFileName().toString(), "0123456789abcdef", out, tools).stream()
                    .map(r -> new int[] {r.cut().startFrame(), r.cut().endFrame()}).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void reproducesUpstreamsFramesOrReadsThemLagFree() {
        List<int[]> upstream = ranges(true);
        assertEquals(2, upstream.size());
        // As the fixture's step 3 found: a cut at 177 of 302 frames, the last shot ending at 301.
        assertEquals(List.of(0, 177, 177, 301), List.of(upstream.get(0)[0], upstream.get(0)[1], upstream.get(1)[0],
                upstream.get(1)[1]));
        List<int[]> lagFree = ranges(false);
        assertEquals(2, lagFree.size());
        assertEquals(300, lagFree.get(1)[1], "12 s at 25 fps, the last frame kept");
    }

    /** What phones and cameras record: 30000/1001 frames per second. Both paths read it and keep the cut. */
    @Test
    void readsAnNtscSource() {
        Path ntsc = dir.resolve("talk_ntsc.mp4");
        FfmpegCli.run(List.of("-i", SharedFixtures.parityData().resolve("t12/raw/talk_in.mp4").toString(),
                "-vf", "fps=30000/1001", "-c:a", "copy", ntsc.toString()));
        assertEquals(30000 / 1001.0, MediaProbe.probe(ntsc).fps(), 1e-6);
        for (boolean upstreamCompatible : new boolean[] {true, false}) {
            List<int[]> shots = ranges(ntsc, upstreamCompatible);
            assertEquals(2, shots.size(), "the hard cut is found, upstream-compatible " + upstreamCompatible);
            int last = shots.get(1)[1];
            assertTrue(last >= 298 && last <= 302, "about 12 s at 25 fps, not " + last);
        }
    }
}
