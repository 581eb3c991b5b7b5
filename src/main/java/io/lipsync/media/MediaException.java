package io.lipsync.media;

/** Media that cannot be used, said in one sentence with what to do. */
public class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
