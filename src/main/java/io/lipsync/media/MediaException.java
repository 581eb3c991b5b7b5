package io.lipsync.media;

import io.lipsync.util.UserError;

/** Media that cannot be used, said in one sentence with what to do. */
public class MediaException extends UserError {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
