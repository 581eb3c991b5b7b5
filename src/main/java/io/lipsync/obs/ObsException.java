package io.lipsync.obs;

/** OBS refused a request, did not answer it, or holds nothing the daemon can work with; the message says which. */
public final class ObsException extends RuntimeException {
    public ObsException(String message) {
        super(message);
    }
}
