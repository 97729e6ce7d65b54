/** The charts of docs/BENCHMARKS.md, drawn with JFreeChart from the result files of a full run. */
package io.partysocket.benchmarks.charts;
