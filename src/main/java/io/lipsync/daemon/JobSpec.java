package io.lipsync.daemon;

import io.lipsync.host.obs.Clip;
import io.lipsync.host.obs.Placement;
import io.lipsync.host.obs.Voice;

/** A resolved job: which clip, which voice, where the result goes. */
public record JobSpec(String id, Trigger.Action action, Clip clip, Voice voice, Placement placement, String origin,
        long createdMillis) {}
