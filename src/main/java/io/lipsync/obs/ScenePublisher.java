package io.lipsync.obs;

import com.google.gson.JsonObject;
import java.nio.file.Path;

/**
 * Puts a lip-sync into the clip's scene: while it renders, the HLS stream of finished segments; when it is done,
 * the final file. With {@link Placement#ADD} that is a media source "&lt;clip&gt; (lip-sync)" created once, right
 * above the clip with the clip's transform and crop, and the clip hidden; later renders reuse it (and leave
 * wherever the user moved it). With {@link Placement#REPLACE} the clip's own source plays the result, its
 * original file kept in its settings. Nothing of the scene is ever removed.
 */
public final class ScenePublisher {
    private final ObsSession obs;

    public ScenePublisher(ObsSession obs) {
        this.obs = obs;
    }

    public void showStream(Clip clip, Placement placement, String playlistUrl) {
        show(clip, placement, obs.input(clip.source()).settings(), MediaSettings.playStream(playlistUrl));
    }

    public void showFile(Clip clip, Placement placement, Path file) {
        JsonObject own = obs.input(clip.source()).settings();
        show(clip, placement, own, MediaSettings.playFile(file, MediaSettings.looping(own)));
    }

    /** {@code own}: the clip's current settings; {@code settings}: what the result should play. */
    private void show(Clip clip, Placement placement, JsonObject own, JsonObject settings) {
        // An image source cannot play a video: its result always goes in a source of its own.
        if (placement == Placement.REPLACE && MediaSettings.MEDIA.equals(clip.inputKind())) {
            if (!own.has(MediaSettings.ORIGINAL_FILE)) {
                settings.addProperty(MediaSettings.ORIGINAL_FILE, clip.file().toString());
            }
            obs.setInputSettings(clip.source(), settings);
            return;
        }
        String result = clip.resultSource();
        if (!obs.inputExists(result)) {
            place(clip, obs.createInput(clip.scene(), result, MediaSettings.MEDIA, settings));
        } else {
            obs.setInputSettings(result, settings);
            if (obs.sceneItemId(clip.scene(), result) < 0) {
                place(clip, obs.createSceneItem(clip.scene(), result));
            }
        }
        obs.setEnabled(clip.scene(), clip.sceneItemId(), false);
    }

    /** Gives the result's item the clip's transform and crop, and stacks it right above the clip. */
    private void place(Clip clip, int item) {
        obs.setTransform(clip.scene(), item, obs.transform(clip.scene(), clip.sceneItemId()));
        obs.setIndex(clip.scene(), item, obs.index(clip.scene(), clip.sceneItemId()) + 1);
    }
}
