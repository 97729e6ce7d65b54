package io.partysocket.tck.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;
import io.partysocket.tck.adapters.BrokenFactory.Bug;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Shows that TCK cases catch real adapter bugs. Each row runs one case through JUnit's engine test
 * kit twice: against an adapter with the bug, where the case must fail for the stated reason, and
 * against the reference transport, where the same case must pass.
 */
class BrokenAdapterTest {

  private static final String TCK = TransportTck.class.getName();

  static Stream<Arguments> bugs() {
    return Stream.of(
        Arguments.of(NaiveJdk.class, "Messages", "concurrentSenders", "Send pending"),
        Arguments.of(NaiveJdk.class, "Close", "abortReportsOnce", "did not receive 1 Closed"),
        Arguments.of(
            NaiveJdk.class, "Close", "closeTimeoutWhenPeerSilent", "did not receive 1 Closed"),
        Arguments.of(
            SwallowClosedAfterAbort.class, "Close", "abortReportsOnce", "did not receive 1 Closed"),
        Arguments.of(
            CallbackAfterClosed.class, "Resources", "nothingAfterOnClosed", "came after onClosed"),
        Arguments.of(
            ReentrantClose.class, "Resources", "noReentrantCallbacks", "ran on the stack of close"),
        Arguments.of(
            ReentrantSend.class,
            "Resources",
            "noReentrantCallbacks",
            "ran on the stack of sendText"),
        Arguments.of(
            IgnoredCloseTimeout.class,
            "Close",
            "closeTimeoutWhenPeerSilent",
            "did not receive 1 Closed"));
  }

  @ParameterizedTest(name = "{0} fails {2}")
  @MethodSource("bugs")
  void caseCatchesBug(Class<?> subject, String group, String testCase, String reason) {
    Events broken = run(subject, group, testCase);
    Events reference = run(Reference.class, group, testCase);

    assertThat(broken.started().count()).as("cases started").isEqualTo(1);
    assertThat(failureMessages(broken)).as("failure messages").hasSize(1);
    assertThat(failureMessages(broken).get(0)).contains(reason);
    assertThat(reference.succeeded().count()).as("reference transport passes").isEqualTo(1);
  }

  private static Events run(Class<?> subject, String group, String testCase) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectNestedMethod(List.of(subject.getName()), TCK + "$" + group, testCase))
        .execute()
        .testEvents();
  }

  private static List<String> failureMessages(Events events) {
    return events.failed().stream()
        .map(event -> event.getRequiredPayload(TestExecutionResult.class))
        .map(result -> String.valueOf(result.getThrowable().orElseThrow()))
        .toList();
  }

  /** The reference transport, as the control. */
  static class Reference extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new SocketWebSocketFactory();
    }
  }

  /** The naive adapter over the JDK client. */
  static class NaiveJdk extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new NaiveJdkWebSocketFactory();
    }
  }

  static class SwallowClosedAfterAbort extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new BrokenFactory(new SocketWebSocketFactory(), Bug.SWALLOW_CLOSED_AFTER_ABORT);
    }
  }

  static class CallbackAfterClosed extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new BrokenFactory(new SocketWebSocketFactory(), Bug.CALLBACK_AFTER_CLOSED);
    }
  }

  static class ReentrantClose extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new BrokenFactory(new SocketWebSocketFactory(), Bug.REENTRANT_CLOSE);
    }
  }

  static class ReentrantSend extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new BrokenFactory(new SocketWebSocketFactory(), Bug.REENTRANT_SEND);
    }
  }

  static class IgnoredCloseTimeout extends TransportTck {
    @Override
    protected WebSocketFactory createFactory() {
      return new BrokenFactory(new SocketWebSocketFactory(), Bug.IGNORED_CLOSE_TIMEOUT);
    }
  }
}
