package io.partysocket.transport.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;

/**
 * Sets up the pipeline of a new channel for the opening handshake: {@code tls} for {@code wss},
 * {@code http} (Netty's HTTP/1.1 client codec) and {@code handshake}. Not thread-safe: Netty runs
 * it once on the channel's event loop.
 */
final class NettyPipeline extends ChannelInitializer<Channel> {

  private final NettyConnection connection;
  private final ConnectRequest request;
  private final String host;
  private final int port;

  /**
   * Creates the initializer of one connection's channel.
   *
   * @param connection the connection the handlers report to
   * @param request the request
   * @param host the host for TLS, without IPv6 brackets
   * @param port the server port
   */
  NettyPipeline(NettyConnection connection, ConnectRequest request, String host, int port) {
    this.connection = connection;
    this.request = request;
    this.host = host;
    this.port = port;
  }

  @Override
  protected void initChannel(Channel channel) {
    connection.attach(channel);
    try {
      build(channel);
    } catch (Exception e) {
      // Such as a JVM without a default SSLContext, or a header value Netty rejects.
      connection.failConnect(ConnectFailures.toConnectFailed(e, request.redactedUri()));
    }
  }

  private void build(Channel channel) throws Exception {
    ChannelPipeline pipeline = channel.pipeline();
    if (request.secure()) {
      SslHandler tls = NettyTls.newHandler(request, channel.alloc(), host, port);
      // The TLS failure itself, before the handshake's write fails with a less telling error.
      tls.handshakeFuture()
          .addListener(
              done -> {
                if (!done.isSuccess()) {
                  connection.failConnect(
                      ConnectFailures.toConnectFailed(done.cause(), request.redactedUri()));
                }
              });
      pipeline.addLast("tls", tls);
    }
    pipeline.addLast("http", new HttpClientCodec());
    int maxFrameBytes = connection.maxFramePayloadLength();
    Extensions extensions =
        request.compression() ? Extensions.permessageDeflate(maxFrameBytes) : Extensions.none();
    NettyHandshaker handshaker =
        new NettyHandshaker(request.uri(), requestHeaders(extensions), maxFrameBytes);
    pipeline.addLast(
        "handshake", new HandshakeHandler(connection, request, handshaker, extensions));
  }

  /**
   * Returns the request's headers plus the subprotocol and extension offers, which the handshaker
   * copies into the upgrade request.
   */
  private HttpHeaders requestHeaders(Extensions extensions) {
    HttpHeaders headers = new DefaultHttpHeaders();
    request.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
    if (!request.subprotocols().isEmpty()) {
      headers.set(
          HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", request.subprotocols()));
    }
    String offer = extensions.offer();
    if (offer != null) {
      headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, offer);
    }
    return headers;
  }
}
