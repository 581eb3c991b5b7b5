package io.lipsync.obs.daemon;

import io.lipsync.obs.Clip;
import io.lipsync.obs.ClipLocator;
import io.lipsync.obs.ObsException;
import io.lipsync.obs.ObsSession;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;
import io.lipsync.obs.VoiceLocator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a trigger into a job: which clip (the item the trigger names, else the one selected in OBS; for a
 * re-render without one, the last clip), which voice, and where the result goes.
 */
final class TriggerResolver {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ObsLink link;
    private final Placement defaultPlacement;
    private volatile Clip lastClip;

    TriggerResolver(ObsLink link, Placement defaultPlacement) {
        this.link = link;
        this.defaultPlacement = defaultPlacement;
    }

    JobSpec resolve(Trigger trigger) {
        ObsSession obs = link.session();
        String scene = trigger.scene() != null ? trigger.scene() : obs.currentScene();
        Integer item = trigger.sceneItemId();
        String source = trigger.source();
        Clip last = lastClip;
        if (item == null && source == null) {
            if (trigger.action() == Trigger.Action.RERENDER && last != null) {
                scene = last.scene();
                source = last.source();
            } else {
                item = link.selectedIn(scene);
            }
        }
        if (item == null && source == null && trigger.action() == Trigger.Action.RERENDER) {
            throw new ObsException("nothing to re-render yet: lip-sync a clip first");
        }
        Clip clip = new ClipLocator(obs).locate(scene, item, source);
        Voice voice = new VoiceLocator(obs).locate(clip, trigger.voice());
        lastClip = clip;
        Placement placement = trigger.placement() != null ? trigger.placement() : defaultPlacement;
        return new JobSpec(newId(), trigger.action(), clip, voice, placement, trigger.choices(),
                trigger.origin() != null ? trigger.origin() : "obs", System.currentTimeMillis());
    }

    /** Remembers the clip of a job read back from the journal, so a re-render finds it. */
    void remember(Clip clip) {
        lastClip = clip;
    }

    static String newId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + SEQUENCE.incrementAndGet();
    }
}
