package io.lipsync.modelfiles;

/** What proved that a downloaded file is the one its source publishes. */
public enum Proof {
    /** The file's sha256, from the hub's file listing or its X-Linked-Etag header (large, LFS-stored files). */
    SHA256,
    /** The file's git blob id (sha1 of "blob <size>\0" and the bytes), which the hub gives for small files. */
    GIT_BLOB,
    /** Nothing: the source gave no hash and the user said --trust-source. */
    TRUSTED;

    /** How the lock file and {@code models check} describe it. */
    public String describe() {
        return switch (this) {
            case SHA256 -> "sha256 given by the source";
            case GIT_BLOB -> "git blob id given by the source";
            case TRUSTED -> "taken on trust (--trust-source): the source gave no hash";
        };
    }
}
