package io.partysocket.tck;

import io.partysocket.spi.WebSocketFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The transport conformance suite: checks a {@link WebSocketFactory} against the SPI contract with
 * real servers on 127.0.0.1. A transport's test extends this class and returns a new factory:
 *
 * <pre>{@code
 * class JdkTransportTckTest extends TransportTck {
 *   @Override
 *   protected WebSocketFactory createFactory() {
 *     return new JdkWebSocketFactory();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a new factory and closes it afterwards. Cases that need a capability the
 * factory does not declare are skipped with the reason. The case {@code idleConnectionStaysOpen}
 * waits 35 seconds and is tagged {@code slow}; exclude it with Surefire's {@code
 * <excludedGroups>slow</excludedGroups>} for everyday builds.
 *
 * <p>Cases run one at a time; do not enable JUnit's parallel execution for this class.
 */
public abstract class TransportTck {

  /** Creates the suite; subclasses supply the factory. */
  protected TransportTck() {}

  /**
   * Returns a new factory of the transport under test. It is called once per test and closed after
   * it, so it must not return a shared instance.
   */
  protected abstract WebSocketFactory createFactory();

  /** Opening handshake cases. */
  @Nested
  @DisplayName("connect and handshake")
  class Connect extends ConnectCases {
    Connect() {
      super(TransportTck.this);
    }
  }

  /** TLS cases. */
  @Nested
  @DisplayName("TLS")
  class Tls extends TlsCases {
    Tls() {
      super(TransportTck.this);
    }
  }

  /** Message cases. */
  @Nested
  @DisplayName("messages")
  class Messages extends MessageCases {
    Messages() {
      super(TransportTck.this);
    }
  }

  /** Ping and pong cases. */
  @Nested
  @DisplayName("ping and pong")
  class PingPong extends PingCases {
    PingPong() {
      super(TransportTck.this);
    }
  }

  /** Closing and failure cases. */
  @Nested
  @DisplayName("close and failure")
  class Close extends CloseCases {
    Close() {
      super(TransportTck.this);
    }
  }

  /** Threading, resource and discovery cases. */
  @Nested
  @DisplayName("threading and resources")
  class Resources extends ResourceCases {
    Resources() {
      super(TransportTck.this);
    }
  }
}
