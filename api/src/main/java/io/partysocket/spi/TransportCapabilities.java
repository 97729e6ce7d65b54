package io.partysocket.spi;

/**
 * What a transport can do beyond the required contract. The core and the TCK read these to fall
 * back or skip; a transport must not claim a capability it lacks.
 *
 * <p>Instances are immutable. Build them with {@link #builder()}.
 */
public final class TransportCapabilities {

  private final boolean pingWithPayload;
  private final boolean pongEvents;
  private final boolean nativeHeartbeat;
  private final boolean compression;
  private final boolean writeCompletion;
  private final boolean perConnectionTls;
  private final boolean protocolCloseCodes;
  private final long maxOutboundMessageBytes;
  private final int threadsPerConnection;

  private TransportCapabilities(Builder builder) {
    this.pingWithPayload = builder.pingWithPayload;
    this.pongEvents = builder.pongEvents;
    this.nativeHeartbeat = builder.nativeHeartbeat;
    this.compression = builder.compression;
    this.writeCompletion = builder.writeCompletion;
    this.perConnectionTls = builder.perConnectionTls;
    this.protocolCloseCodes = builder.protocolCloseCodes;
    this.maxOutboundMessageBytes = builder.maxOutboundMessageBytes;
    this.threadsPerConnection = builder.threadsPerConnection;
  }

  /**
   * Returns a builder with every capability off, no outbound message limit and no threads per
   * connection.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@link WebSocketConnection#ping} sends a ping with the given payload. */
  public boolean pingWithPayload() {
    return pingWithPayload;
  }

  /** Whether {@link ConnectionListener#onPong} is called when pongs arrive. */
  public boolean pongEvents() {
    return pongEvents;
  }

  /**
   * Whether the transport checks liveness itself at {@link ConnectRequest#heartbeatInterval()},
   * ending a silent connection with code 1006. Used when the core cannot ping.
   */
  public boolean nativeHeartbeat() {
    return nativeHeartbeat;
  }

  /** Whether the transport offers permessage-deflate when {@link ConnectRequest#compression()}. */
  public boolean compression() {
    return compression;
  }

  /**
   * Whether send stages complete when the frame was written to the socket. When false they complete
   * when the library accepted the frame, and a connection that dies can lose frames whose stages
   * already completed.
   */
  public boolean writeCompletion() {
    return writeCompletion;
  }

  /**
   * Whether each connect request's TLS settings apply to that connection alone. When false, the
   * transport still honours them, at the cost of a separate client per distinct setting.
   */
  public boolean perConnectionTls() {
    return perConnectionTls;
  }

  /**
   * Whether the transport puts close codes 1007 (invalid UTF-8) and 1009 (message too big) on the
   * wire. When false, because its library refuses to send them, it sends 1008 or no close frame at
   * all, and still reports the real code to {@link ConnectionListener#onClosed}.
   */
  public boolean protocolCloseCodes() {
    return protocolCloseCodes;
  }

  /**
   * The largest message, in payload bytes, that the transport can send; {@link Long#MAX_VALUE} when
   * it has no limit. A larger message fails its send stage and leaves the connection open; the core
   * rejects such messages before they reach the transport.
   */
  public long maxOutboundMessageBytes() {
    return maxOutboundMessageBytes;
  }

  /** The number of threads each open connection keeps busy, such as a blocking reader. */
  public int threadsPerConnection() {
    return threadsPerConnection;
  }

  @Override
  public String toString() {
    return "TransportCapabilities[pingWithPayload="
        + pingWithPayload
        + ", pongEvents="
        + pongEvents
        + ", nativeHeartbeat="
        + nativeHeartbeat
        + ", compression="
        + compression
        + ", writeCompletion="
        + writeCompletion
        + ", perConnectionTls="
        + perConnectionTls
        + ", protocolCloseCodes="
        + protocolCloseCodes
        + ", maxOutboundMessageBytes="
        + maxOutboundMessageBytes
        + ", threadsPerConnection="
        + threadsPerConnection
        + "]";
  }

  /** Builds {@link TransportCapabilities}. Not thread-safe. */
  public static final class Builder {
    private boolean pingWithPayload;
    private boolean pongEvents;
    private boolean nativeHeartbeat;
    private boolean compression;
    private boolean writeCompletion;
    private boolean perConnectionTls;
    private boolean protocolCloseCodes;
    private long maxOutboundMessageBytes = Long.MAX_VALUE;
    private int threadsPerConnection;

    private Builder() {}

    /** Sets {@link TransportCapabilities#pingWithPayload()}. */
    public Builder pingWithPayload(boolean value) {
      this.pingWithPayload = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#pongEvents()}. */
    public Builder pongEvents(boolean value) {
      this.pongEvents = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#nativeHeartbeat()}. */
    public Builder nativeHeartbeat(boolean value) {
      this.nativeHeartbeat = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#compression()}. */
    public Builder compression(boolean value) {
      this.compression = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#writeCompletion()}. */
    public Builder writeCompletion(boolean value) {
      this.writeCompletion = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#perConnectionTls()}. */
    public Builder perConnectionTls(boolean value) {
      this.perConnectionTls = value;
      return this;
    }

    /** Sets {@link TransportCapabilities#protocolCloseCodes()}. */
    public Builder protocolCloseCodes(boolean value) {
      this.protocolCloseCodes = value;
      return this;
    }

    /**
     * Sets {@link TransportCapabilities#maxOutboundMessageBytes()}.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public Builder maxOutboundMessageBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException(
            "maxOutboundMessageBytes must be at least 1 but was " + bytes);
      }
      this.maxOutboundMessageBytes = bytes;
      return this;
    }

    /**
     * Sets {@link TransportCapabilities#threadsPerConnection()}.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder threadsPerConnection(int value) {
      if (value < 0) {
        throw new IllegalArgumentException(
            "threadsPerConnection must be at least 0 but was " + value);
      }
      this.threadsPerConnection = value;
      return this;
    }

    /** Returns the capabilities. */
    public TransportCapabilities build() {
      return new TransportCapabilities(this);
    }
  }
}
