package io.lipsync.modelfiles;

/**
 * One file of a checkpoint set: where it lives on the hub (repository, revision, path) and where it goes
 * under the checkpoints folder.
 */
public record ModelFile(String repo, String revision, String remotePath, String localPath, String role) {}
