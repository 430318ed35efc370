package vpo.archive;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why an archive was made: the metadata's {@code kind} and the suffix of its file name, both from
 * here. Safety archives are kept by prune unless asked otherwise.
 */
public enum BackupKind {
  /** Made by the user with {@code vpo library backup}. */
  BACKUP(""),
  /** Made by restore of the library it was about to replace. */
  PRE_RESTORE("-pre-restore"),
  /** Made before a schema migration changed the library. */
  PRE_MIGRATION("-pre-migration");

  private final String suffix;

  BackupKind(String suffix) {
    this.suffix = suffix;
  }

  /**
   * The name part before {@code .tar.gz}: empty, {@code -pre-restore} or {@code -pre-migration}.
   */
  public String suffix() {
    return suffix;
  }

  /** The metadata's {@code kind}: {@code backup}, {@code pre-restore} or {@code pre-migration}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean isSafety() {
    return this != BACKUP;
  }

  /** The kind with this metadata label, or null. */
  public static BackupKind fromLabel(String label) {
    for (BackupKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    return null;
  }

  /** The kind whose name suffix this is ({@link #BACKUP} for none), or null. */
  static BackupKind fromSuffix(String suffix) {
    for (BackupKind k : values()) {
      if (k.suffix.equals(suffix == null ? "" : suffix)) {
        return k;
      }
    }
    return null;
  }

  /** Every label, for messages: {@code backup, pre-restore or pre-migration}. */
  static String labels() {
    String all = Arrays.stream(values()).map(BackupKind::label).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
