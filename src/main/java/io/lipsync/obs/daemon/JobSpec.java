package io.lipsync.obs.daemon;

import io.lipsync.latentsync.Preset;
import io.lipsync.obs.Clip;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;

/** A resolved job: which clip, which voice, where the result goes, and its preset (null: the daemon's sampling). */
public record JobSpec(String id, Trigger.Action action, Clip clip, Voice voice, Placement placement, Preset preset,
        String origin, long createdMillis) {}
