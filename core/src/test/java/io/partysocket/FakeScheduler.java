package io.partysocket;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time: nothing runs until the test advances the clock. Tasks due at
 * the same instant run in the order they were scheduled. Thread-safe, so a stress test can advance
 * time from one thread while others use the socket.
 */
final class FakeScheduler implements Scheduler {

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long now;
  private long order;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Runnable action, long delayNanos) {
    Task task = new Task(now + Math.max(0, delayNanos), order++, action);
    tasks.add(task);
    return () -> {
      synchronized (FakeScheduler.this) {
        tasks.remove(task);
      }
    };
  }

  /** Returns the virtual time in milliseconds. */
  synchronized double nowMillis() {
    return now / 1e6;
  }

  /** Runs every task due now, including tasks those tasks schedule for now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code duration}, running each task when its time comes. */
  void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    // Bounded: a task that keeps rescheduling itself for now would otherwise spin forever.
    for (int i = 0; i < 1_000_000; i++) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due;
      }
      next.action.run();
    }
    throw new AssertionError("more than a million tasks ran in one advance; a task loops");
  }

  /** Advances to the next task and runs every task due then; returns false when none is queued. */
  boolean runNext() {
    long due;
    synchronized (this) {
      Task next = tasks.peek();
      if (next == null) {
        return false;
      }
      due = next.due - now;
    }
    advance(Duration.ofNanos(due));
    return true;
  }

  /** Returns the delay in milliseconds until the next task, or -1 when none is queued. */
  synchronized double nextDelayMillis() {
    Task next = tasks.peek();
    return next == null ? -1 : (next.due - now) / 1e6;
  }

  /** Returns the number of queued tasks. */
  synchronized int pendingTasks() {
    return tasks.size();
  }

  private record Task(long due, long order, Runnable action) {}
}
