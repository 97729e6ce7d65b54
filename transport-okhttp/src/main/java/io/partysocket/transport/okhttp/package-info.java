/**
 * The {@code "okhttp"} transport: {@link io.partysocket.transport.okhttp.OkHttpWebSocketFactory},
 * an implementation of the PartySocket transport SPI over OkHttp 5. Unless a method states
 * otherwise, {@code null} arguments are rejected with a {@link java.lang.NullPointerException}.
 */
package io.partysocket.transport.okhttp;
