package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The manifest's lines: every column by name, a row back as it went in, and lines of earlier manifests. */
class ManifestJsonTest {
    private static final ManifestRow ROW = new ManifestRow("a/b.mp4", "0123456789abcdef",
            new ManifestRow.Cut(2, 1, 125, 250, 5.0, 10.0, 125),
            new ManifestRow.Verdict(ManifestRow.DROPPED, "sync_av", "sync confidence 1.20", "filtered/b-01234567-s002-01.mp4"),
            new ManifestRow.Scores(-2.0, 1.2, null), "step 6 faces: s3fd");

    @Test
    void aRowGoesBackAsItCame() {
        assertEquals(ROW, Manifest.fromJson(Manifest.toJson(ROW)));
    }

    @Test
    void theLineIsFlatWithEveryColumnNamed() {
        var o = JsonParser.parseString(Manifest.toJson(ROW)).getAsJsonObject();
        assertEquals(17, o.size(), o.toString());
        assertEquals(1, o.get("cut").getAsInt());
        assertEquals(125, o.get("startFrame").getAsInt());
        assertEquals("sync_av", o.get("droppedBy").getAsString());
        assertEquals(-2.0, o.get("syncOffset").getAsDouble());
        assertEquals(true, o.get("quality").isJsonNull(), "a step that did not run is null, not absent");
    }

    @Test
    void aLineOfAnEarlierManifestStillReads() {
        String earlier = "{\"source\":\"a/b.mp4\",\"sourceId\":\"0123456789abcdef\",\"shot\":2,\"segment\":1,"
                + "\"startFrame\":125,\"endFrame\":250,\"startSeconds\":5.0,\"endSeconds\":10.0,\"faceFrames\":125,"
                + "\"status\":\"dropped\",\"droppedBy\":\"sync_av\",\"reason\":\"sync confidence 1.20\","
                + "\"clip\":\"filtered/b-01234567-s002-01.mp4\",\"syncOffset\":-2.0,\"syncConfidence\":1.2,"
                + "\"quality\":null,\"notes\":\"step 6 faces: s3fd\"}";
        assertEquals(ROW, Manifest.fromJson(earlier));
    }
}
