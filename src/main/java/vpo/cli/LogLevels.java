package vpo.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The levels {@code --log-level} accepts, as the config's {@code [logging] level} names them; also
 * what shell completion offers.
 */
final class LogLevels extends ArrayList<String> {
  static final List<String> NAMES = List.of("debug", "info", "warning", "error");

  LogLevels() {
    super(NAMES);
  }

  /** Accepts a level in any case ({@code warn} for {@code warning}, as Python's logging does). */
  static final class Converter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String level = value.strip().toLowerCase(Locale.ROOT);
      if (level.equals("warn")) {
        return "warning";
      }
      if (!NAMES.contains(level)) {
        throw new TypeConversionException(
            "'" + value + "' is not a log level; use debug, info, warning or error");
      }
      return level;
    }
  }
}
