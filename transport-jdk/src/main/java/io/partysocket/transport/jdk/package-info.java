/**
 * The {@code "jdk"} transport: {@link io.partysocket.transport.jdk.JdkWebSocketFactory}, an
 * implementation of the PartySocket transport SPI over the JDK's own WebSocket client. Unless a
 * method states otherwise, {@code null} arguments are rejected with a {@link
 * java.lang.NullPointerException}.
 */
package io.partysocket.transport.jdk;
