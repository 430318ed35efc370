package vpo.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vpo.VpoException;
import vpo.catalog.Copier;
import vpo.location.LocationUnavailableException;

/** {@code vpo library backups copy}: each archive copied, and any that failed. */
public final class CopyRenderer {
  private CopyRenderer() {}

  public static Rendering of(String from, String to, List<Copier.Outcome> copies) {
    List<Map<String, Object>> json = new ArrayList<>();
    long copied = 0;
    long bytes = 0;
    Copier.Outcome failed = null;
    for (Copier.Outcome c : copies) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", c.name());
      m.put("path", c.copy());
      m.put("ok", c.ok());
      m.put("size_bytes", c.sizeBytes());
      m.put("sha256", c.sha256());
      m.put("error", c.error());
      json.add(m);
      if (c.ok() && !c.skipped()) {
        copied++;
        bytes += c.sizeBytes();
      } else if (!c.ok() && failed == null) {
        failed = c;
      }
    }
    long done = copied;
    long size = bytes;
    Fields f =
        new Fields(6)
            .jsonOnly("success", true)
            .jsonOnly("from", from)
            .jsonOnly("to", to)
            .block(
                "copies",
                json,
                out -> {
                  for (Copier.Outcome c : copies) {
                    out.println(
                        (c.ok() ? "  copied  " : "  FAILED  ")
                            + c.name()
                            + (c.ok() ? "  " + Formats.size(c.sizeBytes()) : ": " + c.error()));
                  }
                  out.println(
                      copies.isEmpty()
                          ? "Nothing to copy: " + to + " has every backup of " + from + "."
                          : "Copied "
                              + done
                              + " archive"
                              + (done == 1 ? "" : "s")
                              + " ("
                              + Formats.size(size)
                              + ") from "
                              + from
                              + " to "
                              + to
                              + ".");
                })
            .jsonOnly("copied_count", done)
            .jsonOnly("copied_bytes", size);
    if (failed != null) {
      VpoException why =
          failed.failure() instanceof LocationUnavailableException u
              ? u
              : new BackupRenderer.CopyFailedException(failed);
      f.failure(why);
    }
    return f;
  }
}
