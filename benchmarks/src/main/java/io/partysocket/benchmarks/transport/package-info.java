/**
 * Benchmarks and scenarios over real transports and servers on 127.0.0.1: echo throughput through
 * {@code ReconnectingWebSocket} against the bare transport ({@link
 * io.partysocket.benchmarks.transport.EchoThroughputBenchmark}), a reconnect against a bare connect
 * ({@link io.partysocket.benchmarks.transport.ReconnectBenchmark}, split into phases by {@link
 * io.partysocket.benchmarks.transport.ReconnectPhases}), threads and heap per idle socket ({@link
 * io.partysocket.benchmarks.transport.ScaleScenario}), and many sockets reconnecting after a server
 * restart ({@link io.partysocket.benchmarks.transport.HerdScenario}).
 */
package io.partysocket.benchmarks.transport;
