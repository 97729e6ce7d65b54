package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.ConnectFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeChecksTest {

  private static final List<String> OFFERED = List.of("chat.v2", "chat.v1");

  @Test
  void absentSubprotocolIsNull() throws ConnectFailedException {
    assertThat(HandshakeChecks.selectedSubprotocol(OFFERED, null, "ws://h/")).isNull();
  }

  @Test
  void emptySubprotocolIsNull() throws ConnectFailedException {
    assertThat(HandshakeChecks.selectedSubprotocol(OFFERED, "", "ws://h/")).isNull();
  }

  @Test
  void offeredSubprotocolReturned() throws ConnectFailedException {
    assertThat(HandshakeChecks.selectedSubprotocol(OFFERED, "chat.v1", "ws://h/"))
        .isEqualTo("chat.v1");
  }

  @Test
  void unofferedSubprotocolFails() {
    assertThatThrownBy(() -> HandshakeChecks.selectedSubprotocol(OFFERED, "other", "ws://h/"))
        .isInstanceOfSatisfying(
            ConnectFailedException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectFailedException.Kind.PROTOCOL));
  }

  @Test
  void severalSubprotocolsFail() {
    assertThatThrownBy(
            () -> HandshakeChecks.selectedSubprotocol(OFFERED, "chat.v2, chat.v1", "ws://h/"))
        .isInstanceOf(ConnectFailedException.class);
  }
}
