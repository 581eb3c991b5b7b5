package io.lipsync.obs;

import io.lipsync.util.UserError;
import java.net.URI;

/** Where obs-websocket listens and the password it wants (null when authentication is off). */
public record ObsEndpoint(URI uri, String password) {
    public static final String DEFAULT_URI = "ws://127.0.0.1:4455";

    public ObsEndpoint {
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UserError("the OBS address must look like " + DEFAULT_URI + ", not " + uri);
        }
    }

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : 4455;
    }

    @Override
    public String toString() {
        // Never the password: this ends up in logs.
        return uri.toString();
    }
}
