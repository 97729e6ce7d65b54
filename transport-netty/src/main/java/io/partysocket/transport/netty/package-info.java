/**
 * The {@code "netty"} transport: {@link io.partysocket.transport.netty.NettyWebSocketFactory}, an
 * implementation of the PartySocket transport SPI over Netty's WebSocket client. Unless a method
 * states otherwise, {@code null} arguments are rejected with a {@link
 * java.lang.NullPointerException}.
 */
package io.partysocket.transport.netty;
