package io.partysocket.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void acceptKeyMatchesRfcExample() {
    assertThat(HttpHead.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void readsHeadAndStopsAtBody() throws IOException {
    InputStream in =
        stream(
            "GET /chat?x=1 HTTP/1.1\r\nHost: a\r\nX-Multi: one\r\nx-multi: two, three\r\n\r\nBODY");

    HttpHead head = HttpHead.read(in, 1024);

    assertThat(head.startLine()).isEqualTo("GET /chat?x=1 HTTP/1.1");
    assertThat(head.header("HOST")).isEqualTo("a");
    assertThat(head.headers().get("X-Multi")).containsExactly("one", "two, three");
    assertThat(head.headerElements("x-multi")).containsExactly("one", "two", "three");
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("BODY");
  }

  @Test
  void emptyStreamReadsNull() throws IOException {
    assertThat(HttpHead.read(stream(""), 1024)).isNull();
  }

  @Test
  void oversizeHeadRejected() {
    assertThatThrownBy(
            () -> HttpHead.read(stream("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(100)), 64))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void truncatedHeadRejected() {
    assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\nHost: a\r\n"), 1024))
        .isInstanceOf(java.io.EOFException.class);
  }
}
