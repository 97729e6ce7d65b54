package io.partysocket.spi.support;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns the exceptions that client libraries raise during a connect into {@link
 * ConnectFailedException}s of the right {@link Kind}. Transports handle their library's own types
 * first (an HTTP status, a subprotocol mismatch) and pass everything else here.
 *
 * <p>The rules, checked along the whole cause chain:
 *
 * <ul>
 *   <li>a {@link CancellationException} at the top: {@link Kind#CANCELLED};
 *   <li>an {@link SSLException} or a {@link GeneralSecurityException} (such as a rejected
 *       certificate) anywhere: {@link Kind#TLS};
 *   <li>{@link UnknownHostException} or {@link UnresolvedAddressException}: {@link
 *       Kind#UNKNOWN_HOST};
 *   <li>a timeout: {@link Kind#CONNECT_TIMEOUT} when it concerns the TCP connect, otherwise {@link
 *       Kind#HANDSHAKE_TIMEOUT}. Timeouts are {@link SocketTimeoutException}, {@link
 *       TimeoutException}, {@link InterruptedByTimeoutException}, and any exception whose class
 *       name ends in {@code TimeoutException}, which covers library types such as the JDK's {@code
 *       HttpTimeoutException} and Netty's {@code ConnectTimeoutException} without depending on
 *       them. A class name containing {@code ConnectTimeout}, or a message containing "connect
 *       timed out", "connection timed out" or "connect timeout" (Jetty 12's "Connect Timeout"),
 *       marks a TCP connect timeout;
 *   <li>{@link ConnectException}: {@link Kind#REFUSED}, unless its message reports the network as
 *       unreachable ({@link Kind#IO});
 *   <li>anything else: {@link Kind#IO}.
 * </ul>
 *
 * <p>Messages name the target and the kind, never the cause's message, which may contain the URI
 * query; the cause is attached. Stateless.
 */
public final class ConnectFailures {

  /** Maximum depth of the cause-chain search, which guards against cycles. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private ConnectFailures() {}

  /**
   * Returns the cause of a {@link CompletionException} or {@link ExecutionException}, repeatedly,
   * or {@code failure} itself.
   */
  public static Throwable unwrap(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    Throwable current = failure;
    for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
      boolean wrapper =
          current instanceof CompletionException || current instanceof ExecutionException;
      if (!wrapper || current.getCause() == null) {
        return current;
      }
      current = current.getCause();
    }
    return current;
  }

  /**
   * Returns {@code failure} as a {@link ConnectFailedException}: itself if it already is one (after
   * {@link #unwrap}), otherwise a new one of the kind the rules above give.
   *
   * @param failure what the library raised
   * @param target the URI for the message, without its query (see {@code
   *     ConnectRequest.redactedUri()})
   */
  public static ConnectFailedException toConnectFailed(Throwable failure, String target) {
    Objects.requireNonNull(target, "target");
    Throwable cause = unwrap(failure);
    if (cause instanceof ConnectFailedException) {
      return (ConnectFailedException) cause;
    }
    Kind kind = kindOf(cause);
    return new ConnectFailedException(kind, message(kind, target, cause), cause);
  }

  /**
   * Returns the kind the rules above give for {@code failure}; never {@link Kind#HTTP_STATUS} or
   * {@link Kind#PROTOCOL}, which only the transport can recognise.
   */
  public static Kind kindOf(Throwable failure) {
    Throwable top = unwrap(failure);
    if (top instanceof ConnectFailedException) {
      return ((ConnectFailedException) top).kind();
    }
    if (top instanceof CancellationException) {
      return Kind.CANCELLED;
    }
    if (find(top, SSLException.class) != null
        || find(top, GeneralSecurityException.class) != null) {
      return Kind.TLS;
    }
    Throwable current = top;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      Kind kind = directKind(current);
      if (kind != null) {
        return kind;
      }
      current = current.getCause();
    }
    return Kind.IO;
  }

  private static Kind directKind(Throwable failure) {
    if (failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException) {
      return Kind.UNKNOWN_HOST;
    }
    if (isTimeout(failure)) {
      return isConnectTimeout(failure) ? Kind.CONNECT_TIMEOUT : Kind.HANDSHAKE_TIMEOUT;
    }
    if (failure instanceof ConnectException) {
      return messageContains(failure, "unreachable") ? Kind.IO : Kind.REFUSED;
    }
    return null;
  }

  private static boolean isTimeout(Throwable failure) {
    return failure instanceof SocketTimeoutException
        || failure instanceof TimeoutException
        || failure instanceof InterruptedByTimeoutException
        || failure.getClass().getSimpleName().endsWith("TimeoutException")
        || (failure instanceof ConnectException && messageContains(failure, "timed out"));
  }

  private static boolean isConnectTimeout(Throwable failure) {
    return failure.getClass().getSimpleName().contains("ConnectTimeout")
        || messageContains(failure, "connect timed out")
        || messageContains(failure, "connection timed out")
        || messageContains(failure, "connect timeout");
  }

  private static boolean messageContains(Throwable failure, String text) {
    String message = failure.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains(text);
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (type.isInstance(current)) {
        return current;
      }
      current = current.getCause();
    }
    return null;
  }

  private static String message(Kind kind, String target, Throwable cause) {
    switch (kind) {
      case REFUSED:
        return "Connection refused by " + target;
      case UNKNOWN_HOST:
        return "Unknown host in " + target;
      case CONNECT_TIMEOUT:
        return "TCP connect to " + target + " timed out";
      case HANDSHAKE_TIMEOUT:
        return "WebSocket handshake with " + target + " timed out";
      case TLS:
        return "TLS handshake with " + target + " failed (" + typeName(cause) + ")";
      case CANCELLED:
        return "Connect attempt to " + target + " was cancelled";
      default:
        return "Connect to " + target + " failed (" + typeName(cause) + ")";
    }
  }

  private static String typeName(Throwable cause) {
    return cause == null ? "no cause" : cause.getClass().getName();
  }
}
