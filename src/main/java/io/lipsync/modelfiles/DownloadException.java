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

    /**
     * Why a transfer failed, in words: some network exceptions carry no message (a refused or timed-out
     * connection), and "null" tells a user nothing.
     */
    public static String reason(Throwable e) {
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof java.nio.channels.UnresolvedAddressException) {
            String m = e.getMessage();
            return "cannot reach the host" + (m == null || m.isBlank() ? "" : " (" + m + ")") + "; offline?";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? reason(e.getCause()) : e.getClass().getSimpleName();
        }
        return m;
    }
}
