package vpo.backup;

import java.util.Locale;

/** Why an archive was made. Safety archives are kept by prune unless asked otherwise. */
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

  /** The name part before {@code .tar.gz}. */
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
}
