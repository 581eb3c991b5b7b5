package io.lipsync.modelfiles;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A hub repository at one commit, as {@code GET /api/models/<repo>/revision/<rev>?blobs=true} lists it:
 * the commit the revision names now, and each file's size with its sha256 (LFS files) or git blob id.
 * A mirror without that API gives an unresolved snapshot: the revision's own name, no listing.
 */
record HubSnapshot(String commit, boolean resolved, Map<String, Listed> files) {

    /** One file of the listing; sha256 is null for a file kept in git itself. */
    record Listed(long size, String sha256, String gitBlob) {}

    static HubSnapshot unresolved(String revision) {
        return new HubSnapshot(revision, false, Map.of());
    }

    /** Reads the API's answer; empty when it is not the listing expected. */
    static Optional<HubSnapshot> parse(String json) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            String commit = root.get("sha").getAsString();
            if (!commit.matches("[0-9a-f]{40}")) {
                return Optional.empty();
            }
            Map<String, Listed> files = new HashMap<>();
            JsonArray siblings = root.has("siblings") ? root.getAsJsonArray("siblings") : new JsonArray();
            for (JsonElement e : siblings) {
                JsonObject s = e.getAsJsonObject();
                JsonObject lfs = s.has("lfs") && s.get("lfs").isJsonObject() ? s.getAsJsonObject("lfs") : null;
                long size = lfs != null ? lfs.get("size").getAsLong() : s.has("size") ? s.get("size").getAsLong() : -1;
                files.put(s.get("rfilename").getAsString(), new Listed(size,
                        lfs != null ? lfs.get("sha256").getAsString().toLowerCase(java.util.Locale.ROOT) : null,
                        s.has("blobId") ? s.get("blobId").getAsString() : null));
            }
            return Optional.of(new HubSnapshot(commit, true, files));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
