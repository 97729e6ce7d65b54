package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link JdkWebSocketFactory}, {@link RecordingListener} and {@link ScriptedServer} per
 * test. After the test it closes the factory and the server and checks the listener's contract.
 */
abstract class JdkTestSupport {

  /** How long to wait for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(5);

  final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  final RecordingListener listener = new RecordingListener();
  ScriptedServer server;

  @BeforeEach
  final void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  final void stopFixture() {
    factory.close();
    server.close();
    assertThat(listener.violations()).as("listener contract violations").isEmpty();
  }
}
