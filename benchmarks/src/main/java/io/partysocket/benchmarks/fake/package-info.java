/**
 * An in-process transport and a hand-driven scheduler, so benchmarks measure the engine alone: no
 * network, no timer threads, and a connection that opens when the benchmark calls for it.
 */
package io.partysocket.benchmarks.fake;
