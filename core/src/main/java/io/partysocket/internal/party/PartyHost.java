package io.partysocket.internal.party;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code host} of a PartyKit URL as the user wrote it, split into an optional scheme, the host
 * name, an optional port and an optional path prefix. Parsing never looks a name up in DNS.
 *
 * <p>Accepted forms: {@code example.com}, {@code localhost:1999}, {@code 127.0.0.1:8787}, {@code
 * [::1]:1999}, {@code example.com/sub/}, and each of these after {@code ws://}, {@code wss://},
 * {@code http://} or {@code https://} (the scheme is case-insensitive, as in every URL). One
 * trailing {@code /} is removed. The path prefix is kept as written, so it may already hold
 * percent-escapes.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartyHost {

  private static final Set<String> INSECURE_SCHEMES = Set.of("ws", "http");
  private static final Set<String> SECURE_SCHEMES = Set.of("wss", "https");
  private static final String PATH_SYMBOLS = "-._~!$&'()*+,;=:@/";
  private static final int MAX_PORT = 65535;

  private final String scheme;
  private final String address;
  private final String hostName;
  private final int port;
  private final boolean localOrPrivate;

  private PartyHost(
      String scheme, String address, String hostName, int port, boolean localOrPrivate) {
    this.scheme = scheme;
    this.address = address;
    this.hostName = hostName;
    this.port = port;
    this.localOrPrivate = localOrPrivate;
  }

  /**
   * Parses a host as written by the user.
   *
   * @throws IllegalArgumentException if {@code host} is empty, names a scheme other than {@code
   *     ws}, {@code wss}, {@code http} or {@code https}, contains user information ({@code
   *     user@host}), has an invalid port, an IPv6 address without brackets, or characters that
   *     cannot appear in a URL host or path
   */
  public static PartyHost parse(String host) {
    Objects.requireNonNull(host, "host");
    String scheme = schemeOf(host);
    String rest = scheme == null ? host : host.substring(scheme.length() + 3);
    String address = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;

    int slash = address.indexOf('/');
    String authority = slash < 0 ? address : address.substring(0, slash);
    String path = slash < 0 ? "" : address.substring(slash);
    checkAuthority(host, authority);
    checkPath(host, path);

    return parseAuthority(host, scheme == null ? null : scheme.toLowerCase(Locale.ROOT), address);
  }

  /**
   * Returns the host without its scheme and without one trailing {@code /}, such as {@code
   * localhost:1999} or {@code example.com/sub}: the part written between {@code scheme://} and the
   * PartyKit path.
   */
  public String address() {
    return address;
  }

  /** Returns the host name or IP address, without brackets or port, such as {@code ::1}. */
  public String hostName() {
    return hostName;
  }

  /** Returns the port written in the host, if any. */
  public OptionalInt port() {
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /** Returns the scheme written in front of the host in lower case, or {@code null} if none. */
  public String scheme() {
    return scheme;
  }

  /**
   * Tells whether the host is {@code localhost}, a loopback address (127.0.0.0/8, {@code ::1}) or a
   * private IPv4 address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), also when written as an
   * IPv4-mapped IPv6 address. Only literal addresses count: {@code 10.example.com} is a name, so it
   * is public.
   */
  public boolean isLocalOrPrivate() {
    return localOrPrivate;
  }

  /**
   * Tells whether a URL to this host uses the secure scheme ({@code wss}/{@code https}) when no
   * protocol is given: a scheme written in the host decides ({@code ws}/{@code http} are insecure,
   * {@code wss}/{@code https} secure), else local and private hosts are insecure and all others
   * secure.
   */
  public boolean secureByDefault() {
    if (scheme != null) {
      return SECURE_SCHEMES.contains(scheme);
    }
    return !localOrPrivate;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartyHost
        && Objects.equals(scheme, ((PartyHost) other).scheme)
        && address.equals(((PartyHost) other).address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, address);
  }

  @Override
  public String toString() {
    return scheme == null ? address : scheme + "://" + address;
  }

  /** Returns the scheme before "://" if one is written before any "/", else null. */
  private static String schemeOf(String host) {
    int separator = host.indexOf("://");
    if (separator <= 0 || host.indexOf('/') != separator + 1) {
      return null;
    }
    String scheme = host.substring(0, separator);
    if (!isSchemeSyntax(scheme)) {
      return null;
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (!INSECURE_SCHEMES.contains(lower) && !SECURE_SCHEMES.contains(lower)) {
      throw new IllegalArgumentException(
          "host must start with ws://, wss://, http://, https:// or no scheme at all but started"
              + " with "
              + quote(scheme + "://"));
    }
    return scheme;
  }

  private static void checkAuthority(String host, String authority) {
    if (authority.isEmpty()) {
      throw new IllegalArgumentException(
          "host must name a host, such as \"example.com\" or \"localhost:1999\", but was "
              + describe(host));
    }
    if (authority.indexOf('@') >= 0) {
      throw new IllegalArgumentException(
          "host must not contain user information (user@host); send credentials in a header or"
              + " the query instead");
    }
  }

  private static void checkPath(String host, String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean escape = c == '%' && isHexDigit(path, i + 1) && isHexDigit(path, i + 2);
      if (!isAsciiAlphanumeric(c) && PATH_SYMBOLS.indexOf(c) < 0 && !escape) {
        throw new IllegalArgumentException(
            "host must contain only URL path characters after the first \"/\" (percent-encode"
                + " the others) but was "
                + describe(host));
      }
    }
  }

  private static PartyHost parseAuthority(String host, String scheme, String address) {
    int slash = address.indexOf('/');
    String authority = slash < 0 ? address : address.substring(0, slash);
    String name;
    String portText;
    boolean localOrPrivate;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      name = close < 0 ? authority.substring(1) : authority.substring(1, close);
      int[] ipv6 = IpLiterals.parseIpv6(name);
      if (close < 0 || ipv6 == null) {
        throw new IllegalArgumentException(
            "host must hold a valid IPv6 address between \"[\" and \"]\", such as \"[::1]:1999\","
                + " but was "
                + describe(host));
      }
      portText = portAfter(host, authority.substring(close + 1));
      localOrPrivate = IpLiterals.isLocalOrPrivateIpv6(ipv6);
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException(
            "host must put an IPv6 address in brackets, as in \"[::1]:1999\", but was "
                + describe(host));
      }
      name = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      checkHostName(host, name);
      localOrPrivate = isLocalOrPrivateName(name);
    }
    int port = portText == null ? -1 : parsePort(host, portText);
    return new PartyHost(scheme, address, name, port, localOrPrivate);
  }

  /** Returns the port text after "]" of an IPv6 literal, or null when nothing follows. */
  private static String portAfter(String host, String afterBracket) {
    if (afterBracket.isEmpty()) {
      return null;
    }
    if (afterBracket.charAt(0) != ':') {
      throw new IllegalArgumentException(
          "host must have only \":port\" after \"]\" but was " + describe(host));
    }
    return afterBracket.substring(1);
  }

  private static void checkHostName(String host, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "host must name a host before the port, as in \"localhost:1999\", but was "
              + describe(host));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiAlphanumeric(c) && c != '-' && c != '.' && c != '_') {
        throw new IllegalArgumentException(
            "host must be an ASCII host name, IPv4 address or bracketed IPv6 address (convert an"
                + " internationalised name with java.net.IDN.toASCII) but was "
                + describe(host));
      }
    }
  }

  private static boolean isLocalOrPrivateName(String name) {
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    int[] ipv4 = IpLiterals.parseIpv4(name);
    return ipv4 != null && IpLiterals.isLocalOrPrivate(ipv4);
  }

  private static int parsePort(String host, String text) {
    boolean digits = !text.isEmpty() && text.length() <= 5;
    for (int i = 0; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    int port = digits ? Integer.parseInt(text) : -1;
    if (port < 1 || port > MAX_PORT) {
      throw new IllegalArgumentException(
          "host must have a port from 1 to " + MAX_PORT + " after \":\" but was " + describe(host));
    }
    return port;
  }

  /**
   * Tells whether {@code text} has the syntax of a URL scheme: a letter, then letters, digits, +-.
   */
  private static boolean isSchemeSyntax(String text) {
    char first = text.charAt(0);
    boolean valid = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    for (int i = 1; valid && i < text.length(); i++) {
      char c = text.charAt(i);
      valid = isAsciiAlphanumeric(c) || c == '+' || c == '-' || c == '.';
    }
    return valid;
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHexDigit(String text, int index) {
    if (index >= text.length()) {
      return false;
    }
    char c = text.charAt(index);
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Quotes the host for an error message, unless it has a "?", "#" or "@", which may start a query,
   * fragment or user information that contains a token.
   */
  private static String describe(String host) {
    if (host.indexOf('?') >= 0 || host.indexOf('#') >= 0 || host.indexOf('@') >= 0) {
      return "a value containing \"?\", \"#\" or \"@\" (not shown because it may hold a token)";
    }
    return quote(host);
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
