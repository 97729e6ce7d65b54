/**
 * The place for benchmarks that need a real transport and a server on 127.0.0.1, added with the
 * transports: message throughput through {@code ReconnectingWebSocket} against the bare transport,
 * a reconnect cycle against a bare connect, threads and heap per idle socket at scale, and many
 * sockets reconnecting at once after a server restart. None exists yet, and the queue benchmarks
 * measure the engine alone over an in-process fake.
 */
package io.partysocket.benchmarks.transport;
