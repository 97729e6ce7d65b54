package io.partysocket.internal.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartyHostTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "localhost, true",
    "LOCALHOST:1999, true",
    "127.0.0.1, true",
    "127.1.2.3:80, true",
    "10.0.0.0, true",
    "10.255.255.255:1, true",
    "172.16.0.0, true",
    "172.31.255.255, true",
    "192.168.0.1, true",
    "[::1], true",
    "[0:0:0:0:0:0:0:1]:1999, true",
    "[::ffff:127.0.0.1], true",
    "[::ffff:7f00:1]:1999, true",
    "[::ffff:10.0.0.1], true",
    "[::FFFF:C0A8:0101], true",
    "172.15.255.255, false",
    "172.32.0.0, false",
    "172.3.0.1, false",
    "11.0.0.1, false",
    "192.167.0.1, false",
    "0.0.0.0, false",
    "[::], false",
    "[::2], false",
    "[fe80::1], false",
    "[::ffff:8.8.8.8], false",
    "127.1, false",
    "010.0.0.1, false",
    "127.0.0.256, false",
    "10.example.com, false",
    "localhost.example.com, false",
    "example.com, false",
  })
  void localOrPrivate(String host, boolean expected) {
    assertThat(PartyHost.parse(host).isLocalOrPrivate()).isEqualTo(expected);
  }

  @Test
  void parsesSchemePortAndPath() {
    PartyHost host = PartyHost.parse("HTTPS://Example.com:8443/sub/");

    assertThat(host.scheme()).isEqualTo("https");
    assertThat(host.address()).isEqualTo("Example.com:8443/sub");
    assertThat(host.hostName()).isEqualTo("Example.com");
    assertThat(host.port()).isEqualTo(OptionalInt.of(8443));
  }

  @Test
  void parsesBracketedIpv6() {
    PartyHost host = PartyHost.parse("[::1]:1999");

    assertThat(host.hostName()).isEqualTo("::1");
    assertThat(host.port()).isEqualTo(OptionalInt.of(1999));
  }

  @Test
  void noPort() {
    assertThat(PartyHost.parse("example.com").port()).isEmpty();
  }

  @Test
  void noScheme() {
    assertThat(PartyHost.parse("example.com/a://b").scheme()).isNull();
  }

  @Test
  void removesOneTrailingSlash() {
    assertThat(PartyHost.parse("example.com//").address()).isEqualTo("example.com/");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://example.com, false",
    "ws://example.com, false",
    "https://localhost, true",
    "wss://10.0.0.1, true",
    "localhost, false",
    "example.com, true",
  })
  void secureByDefault(String host, boolean expected) {
    assertThat(PartyHost.parse(host).secureByDefault()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                    | host must name a host",
        "/                     | host must name a host",
        "https://              | host must name a host",
        ":1999                 | host must name a host before the port",
        "ftp://example.com     | host must start with ws://, wss://, http://, https:// or no scheme",
        "example.com:0         | host must have a port from 1 to 65535",
        "example.com:65536     | host must have a port from 1 to 65535",
        "example.com:abc       | host must have a port from 1 to 65535",
        "localhost:            | host must have a port from 1 to 65535",
        "example.com:+80       | host must have a port from 1 to 65535",
        "::1                   | host must put an IPv6 address in brackets",
        "[::1                  | host must hold a valid IPv6 address",
        "[zz::1]:1999          | host must hold a valid IPv6 address",
        "[1::2::3]             | host must hold a valid IPv6 address",
        "[1:2:3:4:5:6:7:8:9]   | host must hold a valid IPv6 address",
        "[fe80::1%25eth0]      | host must hold a valid IPv6 address",
        "[::1]x                | host must have only \":port\" after \"]\"",
        "exa mple.com          | host must be an ASCII host name",
        "bücher.de             | host must be an ASCII host name",
        "example.com/a b       | host must contain only URL path characters",
        "example.com/a%zz      | host must contain only URL path characters",
      })
  void invalid(String host, String message) {
    assertThatThrownBy(() -> PartyHost.parse(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({
    "user:secret@example.com",
    "example.com?token=secret",
    "example.com#secret",
    "example.com:1/x?token=secret",
  })
  void invalidHidesSecrets(String host) {
    assertThatThrownBy(() -> PartyHost.parse(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }
}
