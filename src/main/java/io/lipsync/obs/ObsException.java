package io.lipsync.obs;

import io.lipsync.util.UserError;

/** OBS refused a request, did not answer it, or holds nothing the daemon can work with; the message says which. */
public final class ObsException extends UserError {
    public ObsException(String message) {
        super(message);
    }
}
