package io.partysocket.tck.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;

/**
 * One connection to {@link JettyServer}: the upgrade request, the negotiated extensions and what
 * the client sent. Jetty answers pings itself, so pings are not recorded. Thread-safe.
 */
public final class JettyConnection {

  private final int id;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final List<String> offeredSubprotocols;
  private final List<String> offeredExtensions;
  private final EventLog log;
  private final Endpoint endpoint = new Endpoint(this);

  // Written once by Jetty's open callback, read by test threads.
  private volatile Session session;
  private volatile List<String> negotiatedExtensions = List.of();

  JettyConnection(int id, ServerUpgradeRequest request) {
    this.id = id;
    this.path = request.getHttpURI().getPath();
    this.query = request.getHttpURI().getQuery();
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      copy.computeIfAbsent(field.getName(), key -> new ArrayList<>()).add(field.getValue());
    }
    copy.replaceAll((name, values) -> List.copyOf(values));
    this.headers = copy;
    this.offeredSubprotocols = List.copyOf(request.getSubProtocols());
    this.offeredExtensions = names(request.getExtensions());
    this.log = new EventLog("Jetty connection " + id);
  }

  Object endpoint() {
    return endpoint;
  }

  /** Returns the request path. */
  public String path() {
    return path;
  }

  /** Returns the raw query, or {@code null}. */
  public String query() {
    return query;
  }

  /** Returns every value of a request header. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** Returns the subprotocols the client offered, in order. */
  public List<String> offeredSubprotocols() {
    return offeredSubprotocols;
  }

  /** Returns the extensions the client offered, with parameters. */
  public List<String> offeredExtensions() {
    return offeredExtensions;
  }

  /**
   * Returns the extensions Jetty negotiated, with parameters.
   *
   * @throws AssertionError if the connection does not open within 5 seconds
   */
  public List<String> negotiatedExtensions() {
    awaitOpen(Duration.ofSeconds(5));
    return negotiatedExtensions;
  }

  /** Returns a snapshot of the recorded events. */
  public List<ServerEvent> events() {
    return log.snapshot();
  }

  /** Returns the text messages received so far. */
  public List<String> texts() {
    return log.ofType(ServerEvent.Text.class).stream().map(ServerEvent.Text::text).toList();
  }

  /**
   * Waits for the first event of {@code type}; see {@link ServerConnection#await(Class, Duration)}.
   */
  public <T extends ServerEvent> T await(Class<T> type, Duration timeout) {
    return log.awaitCount(type, 1, timeout).get(0);
  }

  /** Waits for {@code count} events of {@code type} and returns them. */
  public <T extends ServerEvent> List<T> awaitCount(Class<T> type, int count, Duration timeout) {
    return log.awaitCount(type, count, timeout);
  }

  /** Sends a text message. */
  public void sendText(String text) {
    awaitOpen(Duration.ofSeconds(5)).sendText(text, Callback.NOOP);
  }

  /** Starts a closing handshake. */
  public void close(int code, String reason) {
    awaitOpen(Duration.ofSeconds(5)).close(code, reason, Callback.NOOP);
  }

  private Session awaitOpen(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (endpoint) {
      while (session == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Jetty connection " + id + " did not open");
        }
        try {
          endpoint.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for the open", e);
        }
      }
      return session;
    }
  }

  private static List<String> names(List<ExtensionConfig> extensions) {
    return extensions.stream().map(ExtensionConfig::getParameterizedName).toList();
  }

  /** The Jetty listener; public because Jetty looks its methods up reflectively. */
  public static final class Endpoint implements Session.Listener.AutoDemanding {
    private final JettyConnection connection;

    Endpoint(JettyConnection connection) {
      this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      connection.negotiatedExtensions = names(session.getUpgradeResponse().getExtensions());
      synchronized (this) {
        connection.session = session;
        notifyAll();
      }
    }

    @Override
    public void onWebSocketText(String message) {
      connection.log.record(new ServerEvent.Text(message));
      connection.session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      callback.succeed();
      connection.log.record(new ServerEvent.Binary(copy));
      connection.session.sendBinary(ByteBuffer.wrap(copy), Callback.NOOP);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      connection.log.record(new ServerEvent.Pong(copy));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      connection.log.record(new ServerEvent.Violation("Jetty reported " + cause));
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
      callback.succeed();
      if (code == 1006) {
        connection.log.end(ServerEvent.How.READ_FAILED);
        return;
      }
      connection.log.record(new ServerEvent.Close(code, reason == null ? "" : reason, -1));
      connection.log.end(ServerEvent.How.SERVER_CLOSED);
    }
  }
}
