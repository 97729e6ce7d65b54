package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.internal.TransportSelector;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.testtransport.NamedTestFactory;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class TransportSelectionTest {

  private static final String PROPERTY = "partysocket.test.transport";
  private static final ClassLoader TESTS = TransportSelectionTest.class.getClassLoader();

  @Test
  void highestUsablePriorityWins() {
    WebSocketFactory chosen = TransportSelector.select(null, null, PROPERTY, TESTS);

    assertThat(chosen).isInstanceOf(NamedTestFactory.Beta.class);
  }

  @Test
  void nameSelectsLowerPriority() {
    WebSocketFactory chosen = TransportSelector.select(null, "alpha", PROPERTY, TESTS);

    assertThat(chosen.name()).isEqualTo("alpha");
  }

  @Test
  void nameIgnoresCaseAndSpaces() {
    assertThat(TransportSelector.select(null, " ALPHA ", PROPERTY, TESTS).name())
        .isEqualTo("alpha");
  }

  @Test
  void explicitFactoryWins() {
    NamedTestFactory.Alpha mine = new NamedTestFactory.Alpha();

    assertThat(TransportSelector.select(mine, "beta", PROPERTY, TESTS)).isSameAs(mine);
  }

  @Test
  void systemPropertySelects() {
    System.setProperty(PROPERTY, "alpha");
    try {
      assertThat(TransportSelector.select(null, null, PROPERTY, TESTS).name()).isEqualTo("alpha");
    } finally {
      System.clearProperty(PROPERTY);
    }
  }

  @Test
  void misspelledNameListsFound() {
    assertThatThrownBy(() -> TransportSelector.select(null, "alhpa", PROPERTY, TESTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"alhpa\"")
        .hasMessageContaining("found: beta, alpha");
  }

  @Test
  void unusableNeverChosenByName() {
    assertThatThrownBy(() -> TransportSelector.select(null, "unusable", PROPERTY, TESTS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void discoveredFactoriesAreShared() {
    WebSocketFactory first = TransportSelector.select(null, "beta", PROPERTY, TESTS);
    WebSocketFactory second = TransportSelector.select(null, "beta", PROPERTY, TESTS);

    assertThat(first).isSameAs(second);
  }

  @Test
  void noTransportNamesArtifacts() throws Exception {
    try (URLClassLoader empty =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> TransportSelector.select(null, null, PROPERTY, empty))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("partysocket-transport-jdk")
          .hasMessageContaining("WebSocketOptions.Builder.transport()");
    }
  }

  @Test
  void socketUsesOptionsName() {
    ReconnectingWebSocket socket =
        new ReconnectingWebSocket(
            "ws://127.0.0.1:9/",
            WebSocketOptions.builder().transportName("alpha").startClosed(true).build());

    assertThat(socket.transport().name()).isEqualTo("alpha");
  }
}
