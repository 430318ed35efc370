package vpo.library;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@code PRAGMA integrity_check} and {@code PRAGMA foreign_key_check}.
 *
 * @param integrityProblems the integrity check's lines, empty when it said "ok" (SQLite stops at
 *     100)
 * @param foreignKeyProblems one line per row whose foreign key points nowhere, the first {@link
 *     #MAX_LINES} of them
 * @param foreignKeyProblemCount how many rows the foreign-key check found, all of them
 */
public record VerifyReport(
    Path path,
    List<String> integrityProblems,
    List<String> foreignKeyProblems,
    long foreignKeyProblemCount) {
  /**
   * Lines of foreign-key problems kept. A library whose parent table was wiped has one problem per
   * child row, millions in a large library: they are counted, not all kept in memory.
   */
  public static final int MAX_LINES = 1000;

  public boolean ok() {
    return integrityProblems.isEmpty() && foreignKeyProblemCount == 0;
  }
}
