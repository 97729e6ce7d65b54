package io.partysocket.tck;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.WebSocketFactory;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The full-stack suite: runs {@link io.partysocket.ReconnectingWebSocket} and {@link
 * io.partysocket.PartySocket} over a transport against real servers on 127.0.0.1, through server
 * restarts, rejected and stalled handshakes, TCP resets, silent peers and a chaos soak. A
 * transport's test extends this class and returns a new factory, as for {@link TransportTck}:
 *
 * <pre>{@code
 * class JdkReconnectingTckTest extends ReconnectingTck {
 *   @Override
 *   protected WebSocketFactory createFactory() {
 *     return new JdkWebSocketFactory();
 *   }
 *
 *   @Override
 *   protected boolean isTransportPoolThread(Thread thread) {
 *     return thread.getName().startsWith("partysocket-jdk-");
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a new factory and closes it afterwards. Sockets use short timings (delays from
 * 100 ms to 500 ms, a 1 s connection timeout), so the cases take about a minute per transport, and
 * the short chaos soak 30 seconds more. The long soak is tagged {@code soak} and runs for 10
 * minutes unless {@code -Dpartysocket.soak.duration} (an ISO-8601 duration such as {@code PT3M})
 * sets another; {@code -Dpartysocket.soak.seed} fixes its fault schedule.
 *
 * <p>Cases run one at a time; do not enable JUnit's parallel execution for this class.
 */
public abstract class ReconnectingTck {

  /** Creates the suite; subclasses supply the factory. */
  protected ReconnectingTck() {}

  /**
   * Returns a new factory of the transport under test. It is called once per test and closed after
   * it, so it must not return a shared instance.
   */
  protected abstract WebSocketFactory createFactory();

  /**
   * Returns whether {@code thread} belongs to a pool that the transport documents as shared by its
   * connections, such as a factory's I/O or callback pool. The leak checks leave such threads out:
   * they may stay alive after a socket closes. The default matches no thread.
   */
  protected boolean isTransportPoolThread(Thread thread) {
    return false;
  }

  /**
   * Returns how many TCP connections the transport may open for one connection attempt of the
   * socket. The default is 1, because retrying is the socket's job: a transport that retries by
   * itself hides failures from the failure policy and multiplies the load on a failing server. A
   * transport whose client library retries on its own, with no setting to turn that off, returns
   * more and documents when that happens.
   */
  protected int maxConnectionsPerAttempt() {
    return 1;
  }

  /**
   * Returns how the transport reports a TCP reset during the opening handshake: {@link
   * ConnectFailedException.Kind#IO} by default. A transport whose client library does not notice a
   * reset before the response returns {@link ConnectFailedException.Kind#HANDSHAKE_TIMEOUT}: the
   * attempt then fails at its deadline instead, which the failure policy treats the same way.
   */
  protected ConnectFailedException.Kind handshakeResetKind() {
    return ConnectFailedException.Kind.IO;
  }

  /**
   * Returns the cases this transport is known to fail because of a defect in its client library
   * that the transport does not work around, by test method name, each with the defect. Those cases
   * are skipped and JUnit reports the defect as the reason, so the suite stays useful while the
   * defect is open. By default the map is empty.
   */
  protected Map<String, String> knownDefects() {
    return Map.of();
  }

  /** Reconnecting through server restarts, timeouts, and the resources a socket leaves. */
  @Nested
  @DisplayName("reconnect and resources")
  class Reconnect extends ReconnectCases {
    Reconnect() {
      super(ReconnectingTck.this);
    }
  }

  /** The failure policy over real rejected, stalled and reset handshakes. */
  @Nested
  @DisplayName("failure policy")
  class Policy extends FailurePolicyCases {
    Policy() {
      super(ReconnectingTck.this);
    }
  }

  /** PartySocket URLs, connect hooks and per-attempt headers against a real server. */
  @Nested
  @DisplayName("providers and hooks")
  class Providers extends ProviderCases {
    Providers() {
      super(ReconnectingTck.this);
    }
  }

  /** The outbound queue across lost connections. */
  @Nested
  @DisplayName("delivery")
  class Delivery extends DeliveryCases {
    Delivery() {
      super(ReconnectingTck.this);
    }
  }

  /** The chaos soak: producers, random faults, and the delivery guarantees. */
  @Nested
  @DisplayName("chaos soak")
  class Chaos extends ChaosCases {
    Chaos() {
      super(ReconnectingTck.this);
    }
  }
}
