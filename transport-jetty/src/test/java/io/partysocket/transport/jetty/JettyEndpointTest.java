package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The endpoint Jetty calls: it must be reachable through a public method-handle lookup, and it must
 * leave pings to Jetty so that they are answered.
 */
class JettyEndpointTest extends JettyTestSupport {

  @Test
  void endpointIsPublic() {
    assertThat(Modifier.isPublic(JettyEndpoint.class.getModifiers())).as("public class").isTrue();
  }

  @Test
  void endpointPackageExportedToAll() throws URISyntaxException {
    Path classes =
        Path.of(JettyEndpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();

    assertThat(module.exports())
        .as("unqualified exports of %s", module.name())
        .anyMatch(
            export ->
                export.source().equals(JettyEndpoint.class.getPackageName())
                    && !export.isQualified());
  }

  @Test
  void endpointOpensConnections() {
    RecordingListener listener = new RecordingListener();

    WebSocketConnection connection = open(request(server.uri("/open")).build(), listener);
    await(connection.sendText("through the endpoint"));

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("through the endpoint");
  }

  @Test
  void endpointLeavesPingsToJetty() {
    Method[] declared = JettyEndpoint.class.getDeclaredMethods();

    assertThat(Arrays.stream(declared).map(Method::getName)).doesNotContain("onWebSocketPing");
  }

  @Test
  void serverPingAnswered() {
    open(request(server.uri("/ping")).build(), new RecordingListener());
    ServerConnection peer = server.awaitConnection();

    peer.ping("are you there".getBytes(StandardCharsets.UTF_8));

    assertThat(peer.await(ServerEvent.Pong.class, WAIT).payload())
        .isEqualTo("are you there".getBytes(StandardCharsets.UTF_8));
  }
}
