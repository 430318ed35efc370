package vpo.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * A second process writing to a library the way a running VPO daemon does, for {@link
 * ConcurrentWriterBackupTest}: WAL mode, a busy timeout, small transactions one after another.
 *
 * <p>Every transaction keeps two invariants: it adds a pair of {@code ledger} rows {@code +x} and
 * {@code -x}, so {@code SUM(amount) = 0}, and bumps {@code ledger_counter.n}, so the ledger holds
 * {@code 2 * n} rows. A copy that mixed two committed states would break one of them.
 *
 * <p>Usage: {@code LedgerWriter DB}. Prints {@code ready} after its first commits, runs until its
 * standard input closes, then prints {@code done commits=N max_latency_ms=M}: the longest any one
 * transaction took from {@code BEGIN IMMEDIATE} to the end of {@code COMMIT}, waits for locks
 * included.
 */
public final class LedgerWriter {
  private static volatile boolean stop;

  private LedgerWriter() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Thread stdin =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Only the end of input matters.
                }
              } catch (IOException e) {
                // Treated as end of input.
              }
              stop = true;
            });
    stdin.setDaemon(true);
    stdin.start();

    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(5_000);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    Random random = new Random(42);
    long commits = 0;
    long maxNanos = 0;
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + args[0], config.toProperties());
        Statement s = c.createStatement();
        PreparedStatement insert = c.prepareStatement("INSERT INTO ledger (amount) VALUES (?)")) {
      while (!stop) {
        long x = 1 + random.nextInt(1_000_000);
        long started = System.nanoTime();
        s.execute("BEGIN IMMEDIATE");
        insert.setLong(1, x);
        insert.executeUpdate();
        insert.setLong(1, -x);
        insert.executeUpdate();
        s.executeUpdate("UPDATE ledger_counter SET n = n + 1 WHERE id = 1");
        s.execute("COMMIT");
        maxNanos = Math.max(maxNanos, System.nanoTime() - started);
        if (++commits == 50) {
          out.println("ready");
        }
        TimeUnit.MILLISECONDS.sleep(1);
      }
    }
    out.println("done commits=" + commits + " max_latency_ms=" + maxNanos / 1_000_000);
  }
}
