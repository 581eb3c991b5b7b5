package io.lipsync.obs;

import com.google.gson.JsonObject;
import io.obswebsocket.community.client.OBSRemoteController;
import io.obswebsocket.community.client.message.response.RequestResponse;
import io.obswebsocket.community.client.model.SceneItem;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The obs-websocket requests the daemon makes, on one identified connection. Each call blocks until OBS
 * answers, and turns a refusal or a timeout into an {@link ObsException} that names the request.
 */
public final class ObsSession {
    private final OBSRemoteController obs;
    private final long timeoutMillis;

    ObsSession(OBSRemoteController obs, long timeoutMillis) {
        this.obs = obs;
        this.timeoutMillis = timeoutMillis;
    }

    public String obsVersion() {
        return call("GetVersion", obs::getVersion).getObsVersion();
    }

    public String currentScene() {
        return call("GetCurrentProgramScene", obs::getCurrentProgramScene).getCurrentProgramSceneName();
    }

    /** The scene's items, bottom first; a group's own items come from {@link #groupItems}. */
    public List<SceneItem> sceneItems(String scene) {
        return call("GetSceneItemList", t -> obs.getSceneItemList(scene, t)).getSceneItems();
    }

    public List<SceneItem> groupItems(String group) {
        return call("GetGroupSceneItemList", t -> obs.getGroupSceneItemList(group, t)).getSceneItems();
    }

    /** An input's kind and the settings it was given (OBS leaves defaults out). */
    public record Input(String kind, JsonObject settings) {}

    public Input input(String name) {
        var response = call("GetInputSettings", t -> obs.getInputSettings(name, t));
        return new Input(response.getInputKind(), response.getInputSettings());
    }

    public void setInputSettings(String input, JsonObject settings) {
        call("SetInputSettings", t -> obs.setInputSettings(input, settings, true, t));
    }

    public boolean inputExists(String input) {
        return call("GetInputList", t -> obs.getInputList(null, t)).getInputs().stream()
                .anyMatch(i -> i.getInputName().equals(input));
    }

    /** Creates an input and its item in {@code scene}; returns the item's id. */
    public int createInput(String scene, String name, String kind, JsonObject settings) {
        return call("CreateInput", t -> obs.createInput(scene, name, kind, settings, true, t)).getSceneItemId()
                .intValue();
    }

    /** Adds an item showing an existing {@code source} to {@code scene}; returns its id. */
    public int createSceneItem(String scene, String source) {
        return call("CreateSceneItem", t -> obs.createSceneItem(scene, source, true, t)).getSceneItemId().intValue();
    }

    /** The id of the item showing {@code source} in {@code scene}, or -1 when it has none. */
    public int sceneItemId(String scene, String source) {
        var response = obs.getSceneItemId(scene, source, 0, timeoutMillis);
        if (response == null) {
            throw timeout("GetSceneItemId");
        }
        return response.isSuccessful() ? response.getSceneItemId().intValue() : -1;
    }

    public SceneItem.Transform transform(String scene, int item) {
        return call("GetSceneItemTransform", t -> obs.getSceneItemTransform(scene, item, t)).getSceneItemTransform();
    }

    public void setTransform(String scene, int item, SceneItem.Transform transform) {
        call("SetSceneItemTransform", t -> obs.setSceneItemTransform(scene, item, settable(transform), t));
    }

    /**
     * {@code transform} without what OBS reports but refuses back: the computed and source sizes, and bounds
     * below 1 px (OBS reports 0 when there are no bounds, and refuses it).
     */
    public static SceneItem.Transform settable(SceneItem.Transform transform) {
        transform.setWidth(null);
        transform.setHeight(null);
        transform.setSourceWidth(null);
        transform.setSourceHeight(null);
        if (transform.getBoundsWidth() != null && transform.getBoundsWidth() < 1) {
            transform.setBoundsWidth(null);
        }
        if (transform.getBoundsHeight() != null && transform.getBoundsHeight() < 1) {
            transform.setBoundsHeight(null);
        }
        return transform;
    }

    public int index(String scene, int item) {
        return call("GetSceneItemIndex", t -> obs.getSceneItemIndex(scene, item, t)).getSceneItemIndex().intValue();
    }

    public void setIndex(String scene, int item, int index) {
        call("SetSceneItemIndex", t -> obs.setSceneItemIndex(scene, item, index, t));
    }

    public void setEnabled(String scene, int item, boolean enabled) {
        call("SetSceneItemEnabled", t -> obs.setSceneItemEnabled(scene, item, enabled, t));
    }

    private <R extends RequestResponse<?>> R call(String request, LongFunction<R> send) {
        R response = send.apply(timeoutMillis);
        if (response == null) {
            throw timeout(request);
        }
        if (!response.isSuccessful()) {
            var status = response.getMessageData().getRequestStatus();
            throw new ObsException("OBS refused " + request + " (code " + status.getCode() + ")"
                    + (status.getComment() != null ? ": " + status.getComment() : ""));
        }
        return response;
    }

    private ObsException timeout(String request) {
        return new ObsException("OBS did not answer " + request + " within " + timeoutMillis + " ms");
    }
}
