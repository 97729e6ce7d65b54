/**
 * The {@code "netty"} transport of PartySocket for Java, over Netty 4.2.
 *
 * <p>Provides {@link io.partysocket.transport.netty.NettyWebSocketFactory} as a {@link
 * io.partysocket.spi.WebSocketFactory} service.
 */
module io.partysocket.transport.netty {
  requires transitive io.partysocket.api;
  // NettyWebSocketFactory's public constructor takes an io.netty.channel.EventLoopGroup.
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.codec;
  // The permessage-deflate inflater. Netty's HTTP codec reads this module only "static", so without
  // this line it would be missing at run time.
  requires io.netty.codec.compression;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;

  exports io.partysocket.transport.netty;

  provides io.partysocket.spi.WebSocketFactory with
      io.partysocket.transport.netty.NettyWebSocketFactory;
}
