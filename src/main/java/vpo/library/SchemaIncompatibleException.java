package vpo.library;

import java.nio.file.Path;
import vpo.VpoException;

// TEMPORARY STUB until the schema branch is merged.
public final class SchemaIncompatibleException extends VpoException {
  public SchemaIncompatibleException(String m, String h) {
    super(m, h);
  }

  public static SchemaIncompatibleException tooNew(Path f, int v) {
    return new SchemaIncompatibleException("too new " + v, null);
  }

  public static SchemaIncompatibleException tooOld(Path f, int v) {
    return new SchemaIncompatibleException("too old " + v, null);
  }
}
