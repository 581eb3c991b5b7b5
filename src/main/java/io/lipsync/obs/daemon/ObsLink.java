package io.lipsync.obs.daemon;

import io.lipsync.obs.ObsException;
import io.lipsync.obs.ObsSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The current OBS session (none while OBS is away) and what the user last selected in each scene. */
final class ObsLink {
    private volatile ObsSession session;
    private final Map<String, Integer> selected = new ConcurrentHashMap<>();

    void attach(ObsSession s) {
        session = s;
    }

    void detach() {
        session = null;
    }

    boolean attached() {
        return session != null;
    }

    ObsSession session() {
        ObsSession s = session;
        if (s == null) {
            throw new ObsException("OBS is not connected; start OBS and enable its WebSocket server");
        }
        return s;
    }

    void selected(String scene, int item) {
        selected.put(scene, item);
    }

    Integer selectedIn(String scene) {
        return selected.get(scene);
    }
}
