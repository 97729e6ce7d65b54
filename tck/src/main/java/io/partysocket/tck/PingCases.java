package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Ping and pong cases. */
abstract class PingCases extends CaseSupport {

  PingCases(TransportTck owner) {
    super(owner);
  }

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void clientPingGetsPong() {
    assumeCapability(capabilities().pingWithPayload(), "pingWithPayload");
    assumeCapability(capabilities().pongEvents(), "pongEvents");
    Link link = openScripted("/ping");

    await(link.connection().ping(utf8("tck-ping")));

    assertThat(link.listener().awaitPongs(1, WAIT).get(0))
        .isEqualTo("tck-ping".getBytes(StandardCharsets.UTF_8));
    assertThat(link.peer().await(ServerEvent.Ping.class, WAIT).payload())
        .isEqualTo("tck-ping".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void serverPingAutoPonged() {
    Link link = openScripted("/server-ping");

    link.peer().ping("from-server".getBytes(StandardCharsets.UTF_8));

    assertThat(link.peer().await(ServerEvent.Pong.class, WAIT).payload())
        .isEqualTo("from-server".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unsolicitedPongDelivered() {
    assumeCapability(capabilities().pongEvents(), "pongEvents");
    Link link = openScripted("/pong");

    link.peer().pong("heartbeat".getBytes(StandardCharsets.UTF_8));

    assertThat(link.listener().awaitPongs(1, WAIT).get(0))
        .isEqualTo("heartbeat".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pingPayloadOver125Rejected() {
    Link link = openScripted("/ping-size");

    assertThatThrownBy(() -> link.connection().ping(ByteBuffer.allocate(126)))
        .isInstanceOf(IllegalArgumentException.class);
    await(link.connection().sendText("still open"));

    assertThat(link.listener().awaitTexts(1, WAIT)).containsExactly("still open");
  }

  @Test
  void pingOf125BytesSent() {
    assumeCapability(capabilities().pingWithPayload(), "pingWithPayload");
    Link link = openScripted("/ping-125");

    await(link.connection().ping(ByteBuffer.wrap(randomBytes(125, 34))));

    assertThat(link.peer().await(ServerEvent.Ping.class, WAIT).payload())
        .isEqualTo(randomBytes(125, 34));
  }

  @Test
  void pingWithoutCapabilityFailsStage() {
    CaseSupport.assumeCapability(!capabilities().pingWithPayload(), "no pingWithPayload");
    Link link = openScripted("/no-ping");

    CompletionStage<Void> ping = link.connection().ping(utf8("x"));

    assertThat(awaitFailure(ping, WAIT)).isInstanceOf(UnsupportedOperationException.class);
  }
}
