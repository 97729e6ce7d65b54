package io.partysocket.tck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.tck.internal.Frame;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

  private ScriptedServer server;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    server = ScriptedServer.start();
    proxy = FaultProxy.start(server.port());
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.close();
  }

  private RawClient openThroughProxy() throws IOException {
    RawClient client = RawClient.upgrade(proxy.port(), "/proxied", "");
    assertThat(client.readHead().startLine()).startsWith("HTTP/1.1 101");
    return client;
  }

  private static String echo(RawClient client, String text) throws IOException {
    client.sendText(text);
    Frame frame = client.readFrame();
    return new String(frame.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (RawClient client = openThroughProxy()) {
      assertThat(echo(client, "through")).isEqualTo("through");
      assertThat(server.awaitConnection().path()).isEqualTo("/proxied");
      assertThat(proxy.openConnections()).isEqualTo(1);
    }
  }

  @Test
  void blackholeHoldsBytesUntilForward() throws IOException {
    try (RawClient client = openThroughProxy()) {
      proxy.blackhole();
      client.sendText("held");
      client.socket.setSoTimeout(300);
      assertThatThrownBy(client::readFrame).isInstanceOf(SocketTimeoutException.class);

      proxy.forward();
      client.socket.setSoTimeout(5000);

      assertThat(new String(client.readFrame().payload(), StandardCharsets.UTF_8))
          .isEqualTo("held");
    }
  }

  @Test
  void resetAllResetsClient() throws IOException {
    try (RawClient client = openThroughProxy()) {
      proxy.resetAll();

      assertThatThrownBy(() -> client.in.read()).isInstanceOf(SocketException.class);
      assertThat(server.awaitConnection().awaitTcpEnd(Duration.ofSeconds(5))).isNotNull();
    }
  }

  @Test
  void closeAllEndsStream() throws IOException {
    try (RawClient client = openThroughProxy()) {
      proxy.closeAll();

      assertThat(client.in.read()).isEqualTo(-1);
    }
  }

  @Test
  void refuseThenForwardAgain() throws IOException {
    int port = proxy.port();
    proxy.refuse();
    assertThatThrownBy(() -> RawClient.upgrade(port, "/", "")).isInstanceOf(ConnectException.class);

    proxy.forward();

    try (RawClient client = openThroughProxy()) {
      assertThat(echo(client, "again")).isEqualTo("again");
    }
    assertThat(proxy.port()).isEqualTo(port);
  }

  @Test
  void latencyDelaysEachDirection() throws IOException {
    try (RawClient client = openThroughProxy()) {
      proxy.latency(Duration.ofMillis(300));
      long start = System.nanoTime();

      String echoed = echo(client, "slow");

      assertThat(echoed).isEqualTo("slow");
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("round trip in ms")
          .isGreaterThanOrEqualTo(550);
    }
  }
}
