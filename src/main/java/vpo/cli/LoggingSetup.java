package vpo.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import vpo.fs.PrivateFiles;

/**
 * Sends log records to the log file, as text or JSON lines, and never to stdout. Configured in code
 * after the command line is parsed; until then logging is off (see {@link SilentLogbackStart}).
 */
final class LoggingSetup {
  /** The AWS SDK's loggers, all under this name. */
  static final String AWS_SDK = "software.amazon.awssdk";

  private LoggingSetup() {}

  /**
   * Starts file logging. Returns a warning to show the user when the log file cannot be written, or
   * null; a log that cannot be written never stops a command.
   */
  static String start(Path logFile, String level, boolean json) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try {
      PrivateFiles.createDirectories(logFile.toAbsolutePath().getParent());
      if (!Files.exists(logFile)) {
        Files.createFile(logFile, PrivateFiles.fileAttributes());
      }
      if (!Files.isWritable(logFile)) {
        throw new IOException("not writable");
      }
    } catch (IOException | UnsupportedOperationException e) {
      root.setLevel(Level.OFF);
      return "cannot write the log file " + logFile + " (" + e.getMessage() + "); logging is off";
    }
    Encoder<ILoggingEvent> encoder;
    if (json) {
      JsonEncoder j = new JsonEncoder();
      j.setWithFormattedMessage(true);
      j.setWithMessage(false);
      j.setWithArguments(false);
      j.setWithContext(false);
      j.setWithSequenceNumber(false);
      j.setWithNanoseconds(false);
      encoder = j;
    } else {
      PatternLayoutEncoder p = new PatternLayoutEncoder();
      p.setPattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger{20} - %msg %kvp%n");
      encoder = p;
    }
    encoder.setContext(context);
    encoder.start();
    // Stop the previous run's appender first (a JVM that runs several commands, as the tests do):
    // Logback refuses to start a second appender on a file that a running one still holds.
    root.detachAndStopAllAppenders();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("file");
    appender.setFile(logFile.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    root.addAppender(appender);
    Level chosen = parseLevel(level);
    root.setLevel(chosen);
    // The S3 client's own records (every request, signing, retries) would drown vpo's at debug
    // level and say nothing a user can act on; its warnings and errors are kept.
    context.getLogger(AWS_SDK).setLevel(chosen.isGreaterOrEqual(Level.WARN) ? chosen : Level.WARN);
    return null;
  }

  static Level parseLevel(String level) {
    if (level == null) {
      return Level.INFO;
    }
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "warn", "warning" -> Level.WARN;
      case "error", "critical" -> Level.ERROR;
      case "off" -> Level.OFF;
      default -> Level.INFO;
    };
  }
}
