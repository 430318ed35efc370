package vpo.cli.render;

import java.io.PrintWriter;
import java.util.Map;
import vpo.VpoException;

/**
 * A result made ready for the user, as text for people or as one JSON document, both from the same
 * renderer, so a field cannot be added to one and forgotten in the other (restic's text and JSON
 * printers behind one interface are the model). The command line prints exactly one of the two.
 */
public interface Rendering {
  /** The human text, written to {@code out}. */
  void text(PrintWriter out);

  /** The JSON document, as an ordered map of plain values, lists and maps. */
  Map<String, Object> json();

  /**
   * What makes this result a failure (a damaged library, a corrupt archive), or null for success.
   * The command line prints the result first, then, in text, the failure's one {@code Error:} line,
   * and exits with the failure's code.
   */
  default VpoException failure() {
    return null;
  }

  /**
   * This result with a warning the user must not miss (backups failing or falling behind): its
   * first text line, and {@code warning} in JSON. Null {@code warning} leaves it as it is.
   */
  default Rendering withWarning(String warning) {
    if (warning == null) {
      return this;
    }
    Rendering inner = this;
    return new Rendering() {
      @Override
      public void text(PrintWriter out) {
        out.println("Warning: " + warning);
        out.println();
        inner.text(out);
      }

      @Override
      public Map<String, Object> json() {
        Map<String, Object> doc = inner.json();
        doc.put("warning", warning);
        return doc;
      }

      @Override
      public VpoException failure() {
        return inner.failure();
      }
    };
  }
}
