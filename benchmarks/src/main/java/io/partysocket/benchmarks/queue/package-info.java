/**
 * Benchmarks of the engine's outbound queue over {@link
 * io.partysocket.benchmarks.fake.FakeTransport}: sending while not open, the flush when a
 * connection opens, and sending while open. Each runs beside a baseline in the same JMH run, so the
 * figures compare as ratios.
 */
package io.partysocket.benchmarks.queue;
