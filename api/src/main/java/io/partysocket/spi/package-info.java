/**
 * The transport SPI: the small contract between the reconnecting core and a WebSocket client
 * library.
 *
 * <p>The core owns reconnecting, backoff, buffering, timers and events. A transport owns one
 * connection at a time per {@link io.partysocket.spi.WebSocketFactory#connect connect} call and
 * normalizes its library's behaviour to the rules written on {@link
 * io.partysocket.spi.WebSocketFactory}, {@link io.partysocket.spi.WebSocketConnection} and {@link
 * io.partysocket.spi.ConnectionListener}. The TCK ({@code partysocket-tck}) checks those rules
 * against a real server.
 *
 * <p>Unless a method says otherwise, {@code null} arguments are rejected with a {@link
 * java.lang.NullPointerException}.
 */
package io.partysocket.spi;
