package io.partysocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs {@link ExistingOkHttpClient} against a scripted echo server on 127.0.0.1. */
class ExistingOkHttpClientTest {

  private ScriptedServer server;
  private OkHttpClient client;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream output = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
    client =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(chain.request().newBuilder().header("X-App", "examples").build()))
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
    client.connectionPool().evictAll();
  }

  @Test
  void usesApplicationClient() throws Exception {
    boolean replied = ExistingOkHttpClient.run(server.uri("/echo").toString(), client, output);

    assertThat(replied).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("reply: hello through the application's OkHttpClient");
    ServerConnection connection = server.awaitConnection(Duration.ofSeconds(5));
    assertThat(connection.headerValues("X-App")).containsExactly("examples");
  }

  @Test
  void applicationClientStillWorksAfterward() throws Exception {
    ExistingOkHttpClient.run(server.uri("/echo").toString(), client, output);

    assertThat(client.dispatcher().executorService().isShutdown()).isFalse();
    boolean again = ExistingOkHttpClient.run(server.uri("/again").toString(), client, output);
    assertThat(again).isTrue();
  }
}
