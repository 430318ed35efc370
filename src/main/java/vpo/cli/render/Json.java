package vpo.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;

/** How vpo writes a JSON document: pretty-printed, one document per run, then a newline. */
public final class Json {
  private static ObjectWriter writer;

  private Json() {}

  /** Prints {@code document} and a newline, and flushes. */
  public static void print(PrintWriter out, Object document) {
    try {
      out.println(writer().writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  private static synchronized ObjectWriter writer() {
    if (writer == null) {
      DefaultPrettyPrinter pretty = new DefaultPrettyPrinter();
      pretty.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
      writer = new ObjectMapper().writer(pretty);
    }
    return writer;
  }
}
