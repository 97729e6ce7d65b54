/**
 * The {@code "jetty"} transport: {@link io.partysocket.transport.jetty.JettyWebSocketFactory}, an
 * implementation of the PartySocket transport SPI over the Jetty 12 WebSocket client. Unless a
 * method states otherwise, {@code null} arguments are rejected with a {@link
 * java.lang.NullPointerException}.
 */
package io.partysocket.transport.jetty;
