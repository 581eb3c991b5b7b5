package io.lipsync.obs;

import com.google.gson.JsonObject;

/** What the daemon hears from OBS. Called on the connection's own thread: hand long work elsewhere. */
public interface ObsListener {
    /** Identified with OBS; requests may go through {@code session} until {@link #disconnected}. */
    void connected(ObsSession session);

    void disconnected(String reason);

    /** A vendor event some OBS-side component emitted (our script and plugin among them). */
    void vendorEvent(String vendor, String type, JsonObject data);

    void sceneItemSelected(String scene, int sceneItemId);

    /** OBS is shutting down (obs-websocket's ExitStarted), not merely dropping the connection. */
    void obsExiting();

    /** The connection gave up for good (a wrong password): {@code message} says what to do. */
    void fatal(String message);
}
