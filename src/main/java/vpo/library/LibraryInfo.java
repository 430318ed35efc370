package vpo.library;

import java.nio.file.Path;

/**
 * What {@code vpo library info} reports about a library.
 *
 * @param sizeOnDiskBytes the database file plus its write-ahead log
 */
public record LibraryInfo(
    Path path,
    long databaseBytes,
    long walBytes,
    long sizeOnDiskBytes,
    int schemaVersion,
    boolean schemaSupported,
    long fileCount,
    long trackCount,
    long totalMediaBytes,
    long pageSize,
    long pageCount,
    long freePages,
    String journalMode) {}
