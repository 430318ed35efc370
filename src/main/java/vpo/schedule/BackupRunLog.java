package vpo.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vpo.fs.AtomicFile;
import vpo.fs.PrivateFiles;

/**
 * The record of backup runs: {@code <data dir>/backup-runs.jsonl}, one JSON object per line, oldest
 * first, the newest {@value #KEEP} runs of each library.
 *
 * <p>An append reads the file, adds the run, drops the oldest beyond the bound and publishes the
 * new file by rename ({@link AtomicFile}), holding an exclusive lock on {@code backup-runs.lock}
 * meanwhile: readers see the old file or the new one, never a half-written line, and concurrent
 * runs (in other processes, or threads of this one) never lose each other's record. Reading takes
 * no lock. A line that cannot be read (damaged by hand or by a disk) is skipped, and the next
 * append leaves it out.
 */
public final class BackupRunLog {
  public static final String FILE_NAME = "backup-runs.jsonl";
  static final String LOCK_NAME = "backup-runs.lock";

  /** Runs kept per library: more than four days of hourly runs, three months of daily ones. */
  public static final int KEEP = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** File locks belong to the process; threads of one process take turns here first. */
  private static final Object THREADS = new Object();

  private final Path file;
  private final int keep;
  private final Path library;

  BackupRunLog(Path file, int keep, Path library) {
    this.file = file.toAbsolutePath().normalize();
    this.keep = keep;
    this.library = library == null ? null : library.toAbsolutePath().normalize();
  }

  /** The record in {@code dataDir}, all libraries. */
  public static BackupRunLog in(Path dataDir) {
    return new BackupRunLog(dataDir.resolve(FILE_NAME), KEEP, null);
  }

  /** The same record, read for the runs of {@code library} only. */
  public BackupRunLog forLibrary(Path library) {
    return new BackupRunLog(file, keep, library);
  }

  public Path file() {
    return file;
  }

  /** Adds {@code run} as the newest, durably. */
  public void append(BackupRun run) throws IOException {
    Path dir = file.getParent();
    PrivateFiles.createDirectories(dir);
    synchronized (THREADS) {
      try (FileChannel lockFile =
          FileChannel.open(
              dir.resolve(LOCK_NAME),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              PrivateFiles.fileAttributes())) {
        // Held until the channel closes, after the new file is published.
        lockFile.lock();
        List<BackupRun> runs = new ArrayList<>(readAll());
        runs.add(run);
        StringBuilder text = new StringBuilder();
        for (BackupRun kept : bounded(runs, keep)) {
          text.append(toJson(kept)).append('\n');
        }
        try (AtomicFile atomic = AtomicFile.create(dir, "runs")) {
          try (OutputStream out = atomic.outputStream()) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
          }
          atomic.publishAs(file, true);
        }
      }
    }
  }

  /** The runs (of this view's library, if any), newest first. */
  public List<BackupRun> all() throws IOException {
    List<BackupRun> runs = new ArrayList<>();
    for (BackupRun run : readAll()) {
      if (library == null || library.equals(run.library())) {
        runs.add(run);
      }
    }
    Collections.reverse(runs);
    return runs;
  }

  /** The newest run. */
  public Optional<BackupRun> last() throws IOException {
    return all().stream().findFirst();
  }

  /** The newest failed run. */
  public Optional<BackupRun> lastFailure() throws IOException {
    return newest(BackupRun.Outcome.FAILED);
  }

  /** The newest run that wrote an archive. */
  public Optional<BackupRun> lastSuccess() throws IOException {
    return newest(BackupRun.Outcome.SUCCESS);
  }

  private Optional<BackupRun> newest(BackupRun.Outcome outcome) throws IOException {
    return all().stream().filter(r -> r.outcome() == outcome).findFirst();
  }

  /** The newest {@code keep} runs of each library, in their order. */
  static List<BackupRun> bounded(List<BackupRun> runs, int keep) {
    Map<Path, Integer> seen = new HashMap<>();
    List<BackupRun> kept = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      BackupRun run = runs.get(i);
      if (seen.merge(run.library(), 1, Integer::sum) <= keep) {
        kept.add(run);
      }
    }
    Collections.reverse(kept);
    return kept;
  }

  /** Every readable line, oldest first; no file is no runs. */
  private List<BackupRun> readAll() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<BackupRun> runs = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        fromJson(line).ifPresent(runs::add);
      }
    }
    return runs;
  }

  static String toJson(BackupRun run) {
    ObjectNode node = JSON.createObjectNode();
    node.put("library", run.library().toString());
    node.put("started_at", run.startedAt().toString());
    node.put("finished_at", run.finishedAt().toString());
    node.put("outcome", run.outcome().word());
    node.put("archive", run.archive());
    node.put("error", run.error());
    node.put("exit_code", run.exitCode());
    node.put("scheduled", run.scheduled());
    try {
      return JSON.writeValueAsString(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /** The run on {@code line}, or empty when the line is not a whole, valid record. */
  static Optional<BackupRun> fromJson(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      JsonNode exitCode = node.required("exit_code");
      JsonNode scheduled = node.required("scheduled");
      if (!exitCode.isInt() || !scheduled.isBoolean()) {
        return Optional.empty();
      }
      return Optional.of(
          new BackupRun(
              Path.of(text(node, "library")),
              Instant.parse(text(node, "started_at")),
              Instant.parse(text(node, "finished_at")),
              BackupRun.Outcome.of(text(node, "outcome")),
              node.path("archive").isTextual() ? node.get("archive").asText() : null,
              node.path("error").isTextual() ? node.get("error").asText() : null,
              exitCode.intValue(),
              scheduled.booleanValue()));
    } catch (JacksonException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.required(key);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(key + " is not text");
    }
    return value.asText();
  }
}
