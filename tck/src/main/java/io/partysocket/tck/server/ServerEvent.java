package io.partysocket.tck.server;

/**
 * Something a {@link ScriptedServer} connection received or observed, in the order it happened.
 * Instances are immutable except for the arrays they return.
 */
public sealed interface ServerEvent {

  /** A whole text message; invalid UTF-8 is replaced with U+FFFD and also reported. */
  record Text(String text) implements ServerEvent {
    @Override
    public String toString() {
      return "Text[length=" + text.length() + "]";
    }
  }

  /** A whole binary message. */
  record Binary(byte[] data) implements ServerEvent {
    @Override
    public String toString() {
      return "Binary[length=" + data.length + "]";
    }
  }

  /** A ping frame. */
  record Ping(byte[] payload) implements ServerEvent {
    @Override
    public String toString() {
      return "Ping[length=" + payload.length + "]";
    }
  }

  /** A pong frame. */
  record Pong(byte[] payload) implements ServerEvent {
    @Override
    public String toString() {
      return "Pong[length=" + payload.length + "]";
    }
  }

  /**
   * A close frame.
   *
   * @param code the status code, or 1005 when the payload was empty
   * @param reason the reason, empty when there was none
   * @param payloadLength the frame's payload length in bytes, or -1 where the server does not
   *     expose it (Jetty)
   */
  record Close(int code, String reason, int payloadLength) implements ServerEvent {}

  /**
   * A frame or handshake that broke RFC 6455, such as an unmasked client frame.
   *
   * @param description what was wrong
   */
  record Violation(String description) implements ServerEvent {}

  /**
   * The end of the TCP connection; always the last event.
   *
   * @param how how it ended
   */
  record TcpEnd(How how) implements ServerEvent {}

  /** How a TCP connection ended. */
  enum How {
    /** The client closed its side (the server read end of stream). */
    CLIENT_FIN,
    /** Reading failed, typically because the client reset the connection or TLS failed. */
    READ_FAILED,
    /** The server closed it: after a closing handshake, on a script command, or on stop. */
    SERVER_CLOSED
  }
}
