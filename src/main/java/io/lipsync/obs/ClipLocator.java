package io.lipsync.obs;

import com.google.gson.JsonObject;
import io.obswebsocket.community.client.model.SceneItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the clip a trigger means and the file it plays, asking OBS. */
public final class ClipLocator {
    private final ObsSession obs;

    public ClipLocator(ObsSession obs) {
        this.obs = obs;
    }

    /**
     * The clip shown by item {@code itemId} (else the item showing {@code source}) of {@code scene} (else of the
     * current program scene). A trigger on a clip's lip-synced source means the clip itself.
     */
    public Clip locate(String scene, Integer itemId, String source) {
        String sceneName = scene != null ? scene : obs.currentScene();
        if (itemId == null && source == null) {
            throw new ObsException("no clip is selected in " + sceneName + ": select the media source showing the "
                    + "face, then press Lip-sync again");
        }
        List<Placed> items = itemsWithGroups(sceneName);
        Placed found = items.stream()
                .filter(p -> itemId != null ? p.item().getSceneItemId().equals(itemId)
                        : p.item().getSourceName().equals(source))
                .findFirst()
                .orElseThrow(() -> new ObsException("the selected item is no longer in " + sceneName
                        + "; select the clip again"));
        String name = found.item().getSourceName();
        if (name.endsWith(Clip.RESULT_SUFFIX)) {
            String original = name.substring(0, name.length() - Clip.RESULT_SUFFIX.length());
            found = items.stream().filter(p -> p.item().getSourceName().equals(original)).findFirst()
                    .orElseThrow(() -> new ObsException("the clip '" + original + "' behind '" + name
                            + "' is no longer in " + sceneName));
        }
        return clip(found);
    }

    private Clip clip(Placed placed) {
        String source = placed.item().getSourceName();
        ObsSession.Input input = obs.input(source);
        String kind = input.kind();
        JsonObject settings = input.settings();
        if (!MediaSettings.MEDIA.equals(kind) && !MediaSettings.IMAGE.equals(kind)) {
            throw new ObsException("'" + source + "' is a " + kind + " source; lip-sync works on a Media Source "
                    + "(or an Image) that shows a face");
        }
        Path file = MediaSettings.file(kind, settings);
        if (file == null) {
            throw new ObsException("'" + source + "' does not play a local file; set a local file in its properties");
        }
        if (!Files.isRegularFile(file)) {
            throw new ObsException("the file of '" + source + "' (" + file + ") no longer exists; pick it again in the "
                    + "source's properties");
        }
        return new Clip(placed.scene(), placed.item().getSceneItemId(), source, kind, file,
                MediaSettings.IMAGE.equals(kind));
    }

    /** An item and the scene (or group) it sits in. */
    record Placed(String scene, SceneItem item) {}

    /** The scene's items, then the items of each group in it. */
    List<Placed> itemsWithGroups(String scene) {
        List<Placed> all = new ArrayList<>();
        List<SceneItem> top = obs.sceneItems(scene);
        top.forEach(i -> all.add(new Placed(scene, i)));
        for (SceneItem item : top) {
            if (item.getInputKind() == null && "OBS_SOURCE_TYPE_SCENE".equals(item.getSourceType())) {
                try {
                    obs.groupItems(item.getSourceName()).forEach(i -> all.add(new Placed(item.getSourceName(), i)));
                } catch (ObsException notAGroup) {
                    // a nested scene, not a group: its items belong to that scene
                }
            }
        }
        return all;
    }
}
