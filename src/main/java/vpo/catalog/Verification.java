package vpo.catalog;

/** The outcome of fully validating one archive: valid, or the one-line reason it is not. */
public record Verification(BackupEntry entry, boolean valid, String problem) {}
