package vpo.cli;

import java.nio.file.Path;

/** The values of the global flags, set by picocli wherever on the line they appear. */
final class GlobalOptions {
  Path db;
  Path config;
  String logLevel;
  Path logFile;
  boolean logJson;
}
