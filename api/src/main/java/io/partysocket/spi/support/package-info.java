/**
 * Building blocks for transports: the parts of the SPI contract that every adapter has to provide,
 * written once.
 *
 * <ul>
 *   <li>{@link io.partysocket.spi.support.ConnectionEvents} delivers listener calls serialized, in
 *       order, off the caller's stack, with exactly one {@code onClosed} and nothing after it;
 *   <li>{@link io.partysocket.spi.support.SendTracker} counts {@code bufferedAmount} and fails the
 *       sends still pending when the connection ends;
 *   <li>{@link io.partysocket.spi.support.SerialExecutor} runs tasks one at a time on a shared
 *       pool;
 *   <li>{@link io.partysocket.spi.support.OneShotTimer} runs a close timeout (or any deadline)
 *       without a scheduler thread of the transport's own;
 *   <li>{@link io.partysocket.spi.support.MessageAssembler} joins fragments, enforces the inbound
 *       size limit (1009) and checks UTF-8 (1007);
 *   <li>{@link io.partysocket.spi.support.ConnectFailures} maps library exceptions to {@link
 *       io.partysocket.spi.ConnectFailedException} kinds;
 *   <li>{@link io.partysocket.spi.support.HandshakeChecks} and {@link
 *       io.partysocket.spi.support.CloseFrames} hold protocol rules some libraries skip.
 * </ul>
 *
 * <p>The core does not use this package. Unless a class states otherwise, {@code null} arguments
 * are rejected with a {@link java.lang.NullPointerException}.
 */
package io.partysocket.spi.support;
