package io.partysocket.internal.party;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses IPv4 and IPv6 address literals without any name lookup, and classifies them as local or
 * private.
 *
 * <p>Stateless and thread-safe.
 */
final class IpLiterals {

  private static final int IPV6_GROUPS = 8;

  private IpLiterals() {}

  /**
   * Parses a dotted-quad IPv4 address of four decimal numbers from 0 to 255, such as {@code
   * 192.168.0.1}. Returns {@code null} for anything else, including shorthand forms such as {@code
   * 127.1} and numbers with leading zeros (which some parsers read as octal), so that such a host
   * is treated as a name.
   */
  static int[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      octets[i] = parseOctet(parts[i]);
      if (octets[i] < 0) {
        return null;
      }
    }
    return octets;
  }

  /**
   * Parses an IPv6 address without brackets, such as {@code ::1} or {@code ::ffff:127.0.0.1}, into
   * its eight 16-bit groups. Returns {@code null} if {@code text} is not such an address; zone ids
   * ({@code %eth0}) are not accepted.
   */
  static int[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    List<Integer> headGroups = parseGroups(head, gap < 0);
    List<Integer> tailGroups = parseGroups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int given = headGroups.size() + tailGroups.size();
    if (gap < 0 ? given != IPV6_GROUPS : given >= IPV6_GROUPS) {
      return null;
    }
    int[] groups = new int[IPV6_GROUPS];
    for (int i = 0; i < headGroups.size(); i++) {
      groups[i] = headGroups.get(i);
    }
    int tailStart = IPV6_GROUPS - tailGroups.size();
    for (int i = 0; i < tailGroups.size(); i++) {
      groups[tailStart + i] = tailGroups.get(i);
    }
    return groups;
  }

  /**
   * Tells whether an IPv4 address is loopback (127.0.0.0/8) or private (10.0.0.0/8, 172.16.0.0/12,
   * 192.168.0.0/16).
   */
  static boolean isLocalOrPrivate(int[] ipv4) {
    int a = ipv4[0];
    int b = ipv4[1];
    return a == 127 || a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
  }

  /**
   * Tells whether an IPv6 address is the loopback address {@code ::1}, or an IPv4-mapped address
   * ({@code ::ffff:a.b.c.d}) whose IPv4 address is loopback or private.
   */
  static boolean isLocalOrPrivateIpv6(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    if (groups[5] == 0 && groups[6] == 0 && groups[7] == 1) {
      return true;
    }
    if (groups[5] != 0xFFFF) {
      return false;
    }
    int[] mapped = {groups[6] >> 8, groups[6] & 0xFF, groups[7] >> 8, groups[7] & 0xFF};
    return isLocalOrPrivate(mapped);
  }

  private static int parseOctet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  /** Parses colon-separated hex groups; the last one may be a dotted IPv4 address (two groups). */
  private static List<Integer> parseGroups(String part, boolean mayEndWithIpv4) {
    List<Integer> groups = new ArrayList<>(IPV6_GROUPS);
    if (part.isEmpty()) {
      return groups;
    }
    String[] fields = part.split(":", -1);
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i];
      boolean last = i == fields.length - 1;
      if (last && mayEndWithIpv4 && field.indexOf('.') >= 0) {
        int[] ipv4 = parseIpv4(field);
        if (ipv4 == null) {
          return null;
        }
        groups.add((ipv4[0] << 8) | ipv4[1]);
        groups.add((ipv4[2] << 8) | ipv4[3]);
      } else {
        int group = parseHexGroup(field);
        if (group < 0) {
          return null;
        }
        groups.add(group);
      }
    }
    return groups;
  }

  private static int parseHexGroup(String field) {
    if (field.isEmpty() || field.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < field.length(); i++) {
      int digit = asciiHexDigit(field.charAt(i));
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** Returns the value of an ASCII hex digit, or -1; unlike Character.digit, no other scripts. */
  private static int asciiHexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
