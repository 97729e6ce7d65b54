/**
 * The {@code "tyrus"} transport: {@link io.partysocket.transport.tyrus.TyrusWebSocketFactory}, an
 * implementation of the PartySocket transport SPI over the Jakarta WebSocket client API, with Tyrus
 * 2 and its Grizzly client container. Unless a method states otherwise, {@code null} arguments are
 * rejected with a {@link java.lang.NullPointerException}.
 */
package io.partysocket.transport.tyrus;
