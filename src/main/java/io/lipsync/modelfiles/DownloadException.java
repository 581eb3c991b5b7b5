package io.lipsync.modelfiles;

/** A download that could not complete, with what the user can do. */
public class DownloadException extends RuntimeException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
