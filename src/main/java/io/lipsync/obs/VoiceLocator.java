package io.lipsync.obs;

import io.lipsync.media.MediaException;
import io.lipsync.media.MediaProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Finds a clip's voice track, in this order: the audio source paired with the clip in the script's settings;
 * an audio-only media source in the clip's scene named after the clip ("&lt;clip&gt; voice",
 * "&lt;clip&gt; (voice)" or "&lt;clip&gt; - voice", any case); the clip's own audio track.
 */
public final class VoiceLocator {
    private final ObsSession obs;
    private final ClipLocator sceneItems;

    public VoiceLocator(ObsSession obs) {
        this.obs = obs;
        this.sceneItems = new ClipLocator(obs);
    }

    public Voice locate(Clip clip, String paired) {
        if (paired != null) {
            if (!obs.inputExists(paired)) {
                throw new ObsException("the voice source '" + paired + "' paired with '" + clip.source()
                        + "' does not exist; fix the pairing in Tools > Scripts > obs-lipsync");
            }
            Path file = mediaFile(paired);
            if (file == null || !hasAudio(file)) {
                throw new ObsException("the voice source '" + paired + "' plays no local audio file");
            }
            return new Voice(file, "paired source '" + paired + "'");
        }
        for (ClipLocator.Placed p : sceneItems.itemsWithGroups(clip.scene())) {
            String name = p.item().getSourceName();
            if (MediaSettings.MEDIA.equals(p.item().getInputKind()) && namesVoiceOf(name, clip.source())) {
                Path file = mediaFile(name);
                if (file != null && Files.isRegularFile(file) && probe(file).audioOnly()) {
                    return new Voice(file, "source '" + name + "'");
                }
            }
        }
        if (!clip.still() && hasAudio(clip.file())) {
            return new Voice(clip.file(), "the clip's own audio");
        }
        throw new ObsException("no voice track for '" + clip.source() + "': add an audio-only media source named '"
                + clip.source() + " voice' to the scene, pair one in Tools > Scripts > obs-lipsync, or use a clip "
                + "with its own audio");
    }

    /** True when {@code name} says it is the voice of {@code clip}. */
    static boolean namesVoiceOf(String name, String clip) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        String c = clip.toLowerCase(Locale.ROOT).trim();
        return List.of(c + " voice", c + " (voice)", c + " - voice").contains(n);
    }

    private Path mediaFile(String input) {
        ObsSession.Input settings = obs.input(input);
        return MediaSettings.file(settings.kind(), settings.settings());
    }

    private static boolean hasAudio(Path file) {
        return Files.isRegularFile(file) && probe(file).audio();
    }

    private static MediaProbe.Streams probe(Path file) {
        try {
            return MediaProbe.probe(file);
        } catch (MediaException e) {
            return new MediaProbe.Streams(false, false, 0, 0);
        }
    }
}
