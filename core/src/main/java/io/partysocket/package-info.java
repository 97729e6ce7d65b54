/**
 * The user API: {@link io.partysocket.ReconnectingWebSocket}, its options, providers and events.
 *
 * <p>Unless a method says otherwise, {@code null} arguments are rejected with a {@link
 * java.lang.NullPointerException}.
 */
package io.partysocket;
