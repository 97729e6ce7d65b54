/**
 * Servers and a fault proxy on 127.0.0.1 for testing WebSocket clients.
 *
 * <p>{@link io.partysocket.tck.server.ScriptedServer} speaks RFC 6455 from its own framing code and
 * misbehaves on command; {@link io.partysocket.tck.server.JettyServer} is a conforming peer with
 * permessage-deflate; {@link io.partysocket.tck.server.FaultProxy} cuts, stalls, delays or refuses
 * TCP connections between a client and either server.
 */
package io.partysocket.tck.server;
