package io.partysocket.transport.jetty.internal;

import io.partysocket.spi.ConnectFailedException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;

/**
 * Records the HTTP response to one upgrade request: status, headers and the start of the body, so
 * that a rejected handshake can be reported with them, and turns off redirects for the request.
 *
 * <p>Jetty's {@code UpgradeException} carries the status only, and {@code onHandshakeResponse}
 * receives the headers but not the body, so the response is also taken from the HTTP request's own
 * response listeners. Redirects are turned off per request because an {@code HttpClient} follows
 * them by default, and Jetty 12.1.14 then upgrades at the new location as if nothing happened.
 *
 * <p>It also keeps the response's TCP connection: when a 101 response fails Jetty's checks (accept
 * key, subprotocol, extensions), Jetty fails the upgrade but leaves that connection open, so {@link
 * #closeRejectedUpgrade()} closes it.
 *
 * <p>Thread-safe: Jetty calls it from its I/O threads; the fields are volatile or guarded by {@code
 * this}.
 */
public final class HandshakeCapture implements JettyUpgradeListener {

  private static final System.Logger LOG = System.getLogger(HandshakeCapture.class.getName());

  /**
   * The maximum body bytes kept: enough for {@link ConnectFailedException#MAX_BODY_SNIPPET} chars.
   */
  private static final int MAX_BODY_BYTES = 4 * ConnectFailedException.MAX_BODY_SNIPPET;

  private volatile int status = -1;
  private volatile Map<String, List<String>> headers = Map.of();

  /** The connection the response arrived on, or null. */
  private volatile Closeable connection;

  /** The start of the response body. Guarded by {@code this}. */
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Creates a capture with no response recorded. */
  public HandshakeCapture() {}

  /** Turns off redirects and registers the response listeners on the upgrade request. */
  @Override
  public void onHandshakeRequest(Request request) {
    request.followRedirects(false);
    request.onResponseHeaders(this::record);
    request.onResponseContent(this::recordContent);
  }

  /** Records a response, unless the response listeners already did. */
  @Override
  public void onHandshakeResponse(Request request, Response response) {
    if (status == -1) {
      record(response);
    }
  }

  /** Returns the response status, or -1 when no response arrived. */
  public int status() {
    return status;
  }

  /** Returns the response headers in arrival order, or an empty map. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the start of the response body decoded as UTF-8, or an empty string. */
  public synchronized String body() {
    return new String(body.toByteArray(), StandardCharsets.UTF_8);
  }

  /**
   * Closes the TCP connection of a 101 response after Jetty rejected it; does nothing for other
   * responses, whose connections Jetty closes or pools itself.
   */
  public void closeRejectedUpgrade() {
    Closeable current = connection;
    if (status != 101 || current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Failed to close the connection of a rejected upgrade", e);
    }
  }

  private void record(Response response) {
    // Jetty's HTTP/1.1 receiver stores the connection's EndPoint in the conversation before it
    // notifies the response headers.
    if (response.getRequest() instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) response.getRequest();
      Object endPoint = request.getConversation().getAttribute(EndPoint.class.getName());
      if (endPoint instanceof Closeable) {
        connection = (Closeable) endPoint;
      }
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      copy.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
    }
    headers = copy;
    status = response.getStatus();
  }

  private synchronized void recordContent(Response response, ByteBuffer content) {
    ByteBuffer view = content.duplicate();
    int room = MAX_BODY_BYTES - body.size();
    int length = Math.min(room, view.remaining());
    for (int i = 0; i < length; i++) {
      body.write(view.get());
    }
  }
}
