package io.partysocket.internal.party;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PercentEncodingTest {

  static Stream<Arguments> pathSegments() {
    return Stream.of(
        Arguments.of("my-room_1.x~", "my-room_1.x~"),
        Arguments.of("a b", "a%20b"),
        Arguments.of("a+b", "a+b"),
        Arguments.of("a&b=c;d", "a&b=c;d"),
        Arguments.of("!$'()*,:@", "!$'()*,:@"),
        Arguments.of("a/b", "a%2Fb"),
        Arguments.of("a?b#c", "a%3Fb%23c"),
        Arguments.of("100%", "100%25"),
        Arguments.of("\"<>[]\\^`{|}", "%22%3C%3E%5B%5D%5C%5E%60%7B%7C%7D"),
        Arguments.of("café", "caf%C3%A9"),
        Arguments.of("€", "%E2%82%AC"),
        Arguments.of("\uD83D\uDE00", "%F0%9F%98%80"),
        Arguments.of("a\uD800b", "a%EF%BF%BDb"),
        Arguments.of("\uDC00", "%EF%BF%BD"),
        Arguments.of("\uD83D", "%EF%BF%BD"),
        Arguments.of("\u0001\u007F", "%01%7F"),
        Arguments.of("", ""));
  }

  static Stream<Arguments> formComponents() {
    return Stream.of(
        Arguments.of("abcXYZ019", "abcXYZ019"),
        Arguments.of("*-._", "*-._"),
        Arguments.of("a b", "a+b"),
        Arguments.of("a+b", "a%2Bb"),
        Arguments.of("~", "%7E"),
        Arguments.of("a&b=c", "a%26b%3Dc"),
        Arguments.of("?#/%", "%3F%23%2F%25"),
        Arguments.of("é", "%C3%A9"),
        Arguments.of("\uD83D\uDE00", "%F0%9F%98%80"),
        Arguments.of("\uD800", "%EF%BF%BD"),
        Arguments.of("", ""));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("pathSegments")
  void pathSegment(String text, String expected) {
    assertThat(PercentEncoding.pathSegment(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("formComponents")
  void formComponent(String text, String expected) {
    assertThat(PercentEncoding.formComponent(text)).isEqualTo(expected);
  }
}
