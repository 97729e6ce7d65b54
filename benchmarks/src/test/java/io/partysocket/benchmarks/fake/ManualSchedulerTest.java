package io.partysocket.benchmarks.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

  @Test
  void runDue_runsUndelayedTasksInOrder() {
    ManualScheduler scheduler = new ManualScheduler();
    List<String> ran = new ArrayList<>();
    scheduler.schedule(() -> ran.add("first"), 0);
    scheduler.schedule(() -> scheduler.schedule(() -> ran.add("third"), 0), 0);
    scheduler.schedule(() -> ran.add("second"), 0);

    int count = scheduler.runDue();

    assertThat(ran).containsExactly("first", "second", "third");
    assertThat(count).isEqualTo(4);
  }

  @Test
  void runDue_skipsDelayedAndCancelledTasks() {
    ManualScheduler scheduler = new ManualScheduler();
    List<String> ran = new ArrayList<>();
    scheduler.schedule(() -> ran.add("delayed"), 1);
    Scheduler.Cancellable cancelled = scheduler.schedule(() -> ran.add("cancelled"), 0);
    cancelled.cancel();

    int count = scheduler.runDue();

    assertThat(ran).isEmpty();
    assertThat(count).isZero();
  }
}
