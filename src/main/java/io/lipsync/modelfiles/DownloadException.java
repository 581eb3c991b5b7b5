package io.lipsync.modelfiles;

import io.lipsync.util.UserError;

/** A download that could not complete, with what the user can do. */
public class DownloadException extends UserError {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
