package io.partysocket.benchmarks.transport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live threads and the heap used after full collections at one moment of a scale probe, and
 * optionally the class histogram of the live heap. Immutable.
 */
record HeapSnapshot(int threads, long heapBytes, Map<String, Long> bytesByClass) {

  private static final int COLLECTIONS = 3;

  /**
   * Takes a snapshot. {@code System.gc()} runs a full, compacting collection with G1 (the default
   * collector), so the heap used right after it is the live heap; the smallest of three readings is
   * kept.
   *
   * @param histogram whether to also read the class histogram (through the {@code gcClassHistogram}
   *     diagnostic command, which collects once more)
   */
  static HeapSnapshot take(boolean histogram) {
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    return new HeapSnapshot(threads, heap, histogram ? classHistogram() : Map.of());
  }

  /**
   * Returns the live threads grouped by name with the digits removed ({@code partysocket-jdk-1-7}
   * becomes {@code partysocket-jdk--}), most numerous first.
   */
  static List<Map.Entry<String, Integer>> threadGroups() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Integer> groups = new HashMap<>();
    for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info != null) {
        String group = info.getThreadName().replaceAll("[0-9]+", "");
        groups.merge(group, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return sorted;
  }

  private static Map<String, Long> classHistogram() {
    String text;
    try {
      text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("the gcClassHistogram diagnostic command failed", e);
    }
    // Lines read "   1:    12345    678901  java.lang.String (java.base@17)".
    Map<String, Long> bytes = new TreeMap<>();
    for (String line : text.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length >= 4 && fields[0].endsWith(":")) {
        bytes.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
      }
    }
    return bytes;
  }
}
