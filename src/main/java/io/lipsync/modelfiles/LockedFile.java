package io.lipsync.modelfiles;

/**
 * One file as the lock file records it: its size and sha256 as downloaded, the commit it was fetched at
 * (the revision's name where the source could not resolve one) and what proved it.
 */
public record LockedFile(long size, String sha256, String commit, Proof proof) {}
