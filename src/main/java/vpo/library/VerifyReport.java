package vpo.library;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@code PRAGMA integrity_check} and {@code PRAGMA foreign_key_check}.
 *
 * @param integrityProblems the integrity check's lines, empty when it said "ok"
 * @param foreignKeyProblems one line per row whose foreign key points nowhere
 */
public record VerifyReport(
    Path path, List<String> integrityProblems, List<String> foreignKeyProblems) {
  public boolean ok() {
    return integrityProblems.isEmpty() && foreignKeyProblems.isEmpty();
  }
}
