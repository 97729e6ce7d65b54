package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectRequest;
import jakarta.websocket.ClientEndpointConfig;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.spi.ClientContainer;

/**
 * Builds the {@link ClientEndpointConfig} of one connection. Every per-connection setting goes
 * here, never into the manager's shared property map: the subprotocols, the request headers (set in
 * {@link ClientEndpointConfig.Configurator#beforeRequest}), the TLS context, the incoming buffer
 * size and the connection that {@link TyrusClientContainer} looks up. Stateless.
 */
final class TyrusEndpointConfigs {

  /** The user property under which {@link TyrusClientContainer} finds the connection. */
  static final String CONNECTION_PROPERTY = "io.partysocket.transport.tyrus.connection";

  /** The smallest incoming buffer: a control frame of 125 bytes with the largest header. */
  private static final int MIN_INCOMING_BUFFER = 125 + FrameReader.MAX_HEADER_BYTES;

  private TyrusEndpointConfigs() {}

  /**
   * Returns the configuration of {@code connection}'s handshake.
   *
   * @throws NoSuchAlgorithmException for a {@code wss} request without a context when the JVM has
   *     no default one
   */
  static ClientEndpointConfig configFor(ConnectRequest request, TyrusConnection connection)
      throws NoSuchAlgorithmException {
    ClientEndpointConfig.Builder builder =
        ClientEndpointConfig.Builder.create()
            .preferredSubprotocols(request.subprotocols())
            .extensions(List.of())
            .configurator(new HeaderConfigurator(request.headers()));
    if (request.secure()) {
      builder.sslContext(TlsContexts.contextFor(request));
    }
    ClientEndpointConfig config = builder.build();
    Map<String, Object> properties = config.getUserProperties();
    properties.put(CONNECTION_PROPERTY, connection);
    // Tyrus reads this per-connection key before the manager-wide INCOMING_BUFFER_SIZE.
    properties.put(ClientContainer.WLS_INCOMING_BUFFER_SIZE, incomingBufferSize(request));
    return config;
  }

  /**
   * Returns the size of Tyrus's buffer for unparsed input: one whole frame of the largest accepted
   * message. {@link FrameReader} hands Tyrus at most one frame at a time and rejects larger ones
   * with 1009 before Tyrus gets them, so the buffer never overflows. Tyrus closes with 1011 when it
   * overflows.
   */
  static int incomingBufferSize(ConnectRequest request) {
    long size = request.maxInboundMessageBytes() + FrameReader.MAX_HEADER_BYTES;
    return (int) Math.max(MIN_INCOMING_BUFFER, Math.min(size, Integer.MAX_VALUE));
  }

  /** Adds the request's headers to the upgrade request. */
  private static final class HeaderConfigurator extends ClientEndpointConfig.Configurator {
    private final Map<String, List<String>> headers;

    HeaderConfigurator(Map<String, List<String>> headers) {
      this.headers = headers;
    }

    @Override
    public void beforeRequest(Map<String, List<String>> request) {
      headers.forEach((name, values) -> request.put(name, new ArrayList<>(values)));
    }
  }
}
