package vpo.location;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between the S3 client and the test server, which breaks connections on
 * demand: cut one after N bytes in either direction (a reset), stall it after N bytes (the bytes
 * stop, the connection stays open), or answer requests itself with a canned HTTP response (for
 * refusals the server cannot produce). Each fault applies to a set number of connections, then
 * traffic passes again.
 */
public final class FaultProxy implements AutoCloseable {
  public enum Direction {
    UPLOAD,
    DOWNLOAD
  }

  private enum Kind {
    PASS,
    CUT,
    STALL,
    ANSWER
  }

  /**
   * @param thenAfterBytes once this fault has been applied to a connection, the threshold for the
   *     later ones; negative: {@code afterBytes} for every one
   */
  private record Fault(
      Kind kind, Direction direction, long afterBytes, byte[] answer, long thenAfterBytes) {
    Fault(Kind kind, Direction direction, long afterBytes, byte[] answer) {
      this(kind, direction, afterBytes, answer, -1);
    }
  }

  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger faultsLeft = new AtomicInteger();
  private final AtomicInteger faultsDone = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile int doneWhenArmed;
  private volatile Fault fault = new Fault(Kind.PASS, null, 0, null);
  private volatile boolean closed;

  public FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "fault-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code times} connections are reset after {@code bytes} bytes in {@code way}. */
  public void cutAfter(Direction way, long bytes, int times) {
    arm(new Fault(Kind.CUT, way, bytes, null), times);
  }

  /**
   * The first connection is reset after {@code bytes} bytes in {@code way}, and from then on every
   * connection as soon as a byte moves that way: a network that fails mid-transfer and stays down.
   */
  public void cutAfterThenAlways(Direction way, long bytes) {
    arm(new Fault(Kind.CUT, way, bytes, null, 0), Integer.MAX_VALUE);
  }

  /** The next {@code times} connections stop moving after {@code bytes} bytes in {@code way}. */
  public void stallAfter(Direction way, long bytes, int times) {
    arm(new Fault(Kind.STALL, way, bytes, null), times);
  }

  /**
   * The next {@code times} requests are answered with {@code status} and an S3 error document of
   * {@code code}, without reaching the server.
   */
  public void answer(int status, String reason, String code, int times) {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>refused by the test proxy</Message></Error>";
    String response =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    arm(new Fault(Kind.ANSWER, null, 0, response.getBytes(StandardCharsets.US_ASCII)), times);
  }

  /** Traffic passes untouched. */
  public void pass() {
    arm(new Fault(Kind.PASS, null, 0, null), 0);
  }

  /** How many connections a fault was applied to. */
  public int faultsDone() {
    return faultsDone.get();
  }

  public int connections() {
    return connections.get();
  }

  private void arm(Fault f, int times) {
    doneWhenArmed = faultsDone.get();
    faultsLeft.set(times);
    fault = f;
  }

  /** The fault for a new connection, or PASS once the armed ones are used up. */
  private Fault take() {
    Fault f = fault;
    if (f.kind() == Kind.PASS) {
      return f;
    }
    if (faultsLeft.getAndDecrement() > 0) {
      return f;
    }
    return new Fault(Kind.PASS, null, 0, null);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        open.add(client);
        Fault f = fault.kind() == Kind.ANSWER ? take() : fault;
        if (f.kind() == Kind.ANSWER) {
          daemon(() -> answer(client, f.answer()));
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        open.add(upstream);
        Connection c = new Connection(client, upstream);
        daemon(() -> c.pump(client, upstream, Direction.UPLOAD));
        daemon(() -> c.pump(upstream, client, Direction.DOWNLOAD));
      } catch (IOException e) {
        if (!closed) {
          // Keep accepting: one failed connection must not stop the proxy.
          continue;
        }
        return;
      }
    }
  }

  /** A proxied connection; a fault is taken for it when its bytes first cross the threshold. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean faulted;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pump(Socket from, Socket to, Direction way) {
      byte[] buffer = new byte[16 * 1024];
      long moved = 0;
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          Fault f = fault;
          long after =
              f.thenAfterBytes() >= 0 && faultsDone.get() > doneWhenArmed
                  ? f.thenAfterBytes()
                  : f.afterBytes();
          if (!faulted
              && (f.kind() == Kind.CUT || f.kind() == Kind.STALL)
              && f.direction() == way
              && moved + n > after) {
            synchronized (this) {
              if (!faulted && take().kind() != Kind.PASS) {
                faulted = true;
                faultsDone.incrementAndGet();
                int keep = (int) Math.max(0, after - moved);
                out.write(buffer, 0, keep);
                out.flush();
                if (f.kind() == Kind.CUT) {
                  reset(client);
                  reset(upstream);
                  return;
                }
                // Stall: hold the connection open, moving nothing, until the client gives up.
                while (!from.isClosed() && !to.isClosed() && !closed) {
                  if (in.read(buffer) < 0) {
                    break;
                  }
                }
                return;
              }
            }
          }
          out.write(buffer, 0, n);
          out.flush();
          moved += n;
        }
      } catch (IOException e) {
        // The other side went away.
      } finally {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }
  }

  private void answer(Socket client, byte[] response) {
    try (client) {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          break;
        }
      }
      faultsDone.incrementAndGet();
      client.getOutputStream().write(response);
      client.getOutputStream().flush();
      client.shutdownOutput();
    } catch (IOException e) {
      // The client went away.
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // Closing anyway.
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Already gone.
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
