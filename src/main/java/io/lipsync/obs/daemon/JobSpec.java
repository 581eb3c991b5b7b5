package io.lipsync.obs.daemon;

import io.lipsync.obs.Clip;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;

/** A resolved job: which clip, which voice, where the result goes, and what the user chose for its render. */
public record JobSpec(String id, Trigger.Action action, Clip clip, Voice voice, Placement placement, JobChoices choices,
        String origin, long createdMillis) {}
