package vpo.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import vpo.VpoException;

/**
 * A result as a list of fields, each declared once with its JSON key and its text label: the JSON
 * document holds the fields in order, and the text is one {@code Label: value} line per field that
 * has a label, values aligned at one column. A field is JSON-only or text-only only when declared
 * so, where the reader can see it.
 */
public final class Fields implements Rendering {
  private record Field(
      String key,
      Object json,
      String label,
      String text,
      Rendering nested,
      Consumer<PrintWriter> block) {
    Field(String key, Object json, String label, String text, Rendering nested) {
      this(key, json, label, text, nested, null);
    }
  }

  private final int valueColumn;
  private final List<Field> fields = new ArrayList<>();
  private VpoException failure;

  /** Fields whose text values start at {@code valueColumn} (labels and colon padded to it). */
  public Fields(int valueColumn) {
    this.valueColumn = valueColumn;
  }

  /**
   * A field in both renderings: {@code json} under {@code key}, {@code text} after {@code label}. A
   * null {@code text} leaves the line out (the JSON still has the field).
   */
  public Fields field(String key, Object json, String label, String text) {
    fields.add(new Field(key, json, label, text, null));
    return this;
  }

  /**
   * A field only JSON has: machine detail (a checksum, a flag) whose human form is another field's
   * line, or that people do not need.
   */
  public Fields jsonOnly(String key, Object json) {
    fields.add(new Field(key, json, null, null, null));
    return this;
  }

  /** A line only text has: a reading of other fields for people. Null {@code text} omits it. */
  public Fields textOnly(String label, String text) {
    fields.add(new Field(null, null, label, text, null));
    return this;
  }

  /** A line of text only, printed as it is (a closing remark such as "Nothing was changed."). */
  public Fields textLine(String line) {
    return textOnly(null, line);
  }

  /** A list: JSON has it under {@code key}; text has one {@code label} line per element. */
  public Fields list(String key, List<String> values, String label) {
    fields.add(new Field(key, values, null, null, null));
    for (String value : values) {
      textOnly(label, value);
    }
    return this;
  }

  /** Another result inside this one: its document under {@code key}, its text lines appended. */
  public Fields nested(String key, Rendering rendering) {
    if (rendering != null) {
      fields.add(new Field(key, null, null, null, rendering));
    }
    return this;
  }

  /**
   * A field whose text is lines of its own (a table, a list of outcomes): {@code json} under {@code
   * key}, and {@code text} writing those lines.
   */
  public Fields block(String key, Object json, Consumer<PrintWriter> text) {
    fields.add(new Field(key, json, null, null, null, text));
    return this;
  }

  /** Marks the result a failure (see {@link Rendering#failure}). */
  public Fields failure(VpoException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public VpoException failure() {
    return failure;
  }

  @Override
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Field f : fields) {
      if (f.nested() != null) {
        doc.put(f.key(), f.nested().json());
      } else if (f.key() != null) {
        doc.put(f.key(), f.json());
      }
    }
    return doc;
  }

  @Override
  public void text(PrintWriter out) {
    String indent = " ".repeat(valueColumn);
    for (Field f : fields) {
      if (f.block() != null) {
        f.block().accept(out);
      } else if (f.nested() != null) {
        f.nested().text(out);
      } else if (f.label() == null && f.key() == null && f.text() != null) {
        out.println(f.text());
      } else if (f.label() != null && f.text() != null) {
        String head = f.label().isEmpty() ? "" : f.label() + ":";
        List<String> lines = f.text().lines().toList();
        out.println(pad(head) + (lines.isEmpty() ? "" : lines.get(0)));
        for (String more : lines.subList(Math.min(1, lines.size()), lines.size())) {
          out.println(indent + more);
        }
      }
    }
  }

  private String pad(String head) {
    return head.length() >= valueColumn
        ? head + " "
        : head + " ".repeat(valueColumn - head.length());
  }
}
