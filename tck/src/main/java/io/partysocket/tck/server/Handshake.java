package io.partysocket.tck.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ScriptedServer} answers one opening handshake: accept it (optionally breaking RFC 6455
 * on purpose), reject it with an HTTP status, or never answer. Immutable; each method returns a
 * changed copy.
 *
 * <pre>{@code
 * server.enqueue(Handshake.reject(503).header("Retry-After", "7").body("busy"));
 * server.enqueue(Handshake.accept().subprotocol("not-offered"));
 * }</pre>
 */
public final class Handshake {

  /** The server's response to the request. */
  public enum Action {
    /** Answers 101 Switching Protocols and speaks WebSocket. */
    ACCEPT,
    /** Answers with a non-101 status and closes the connection. */
    REJECT,
    /** Reads the request and never answers, keeping the TCP connection open. */
    STALL,
    /** Reads the request and resets the TCP connection (RST) without answering. */
    RESET
  }

  /** The rule an accepting server uses to select a subprotocol. */
  enum SubprotocolChoice {
    FIRST_OFFERED,
    NONE,
    FIXED
  }

  private final Action action;
  private final int status;
  private final SubprotocolChoice subprotocolChoice;
  private final String subprotocol;
  private final String extensions;
  private final boolean wrongAcceptKey;
  private final List<Map.Entry<String, String>> headers;
  private final String body;
  private final boolean echo;

  private Handshake(
      Action action,
      int status,
      SubprotocolChoice subprotocolChoice,
      String subprotocol,
      String extensions,
      boolean wrongAcceptKey,
      List<Map.Entry<String, String>> headers,
      String body,
      boolean echo) {
    this.action = action;
    this.status = status;
    this.subprotocolChoice = subprotocolChoice;
    this.subprotocol = subprotocol;
    this.extensions = extensions;
    this.wrongAcceptKey = wrongAcceptKey;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.echo = echo;
  }

  /**
   * Returns a handshake that is accepted, selects the first offered subprotocol, negotiates no
   * extension, and echoes every message.
   */
  public static Handshake accept() {
    return new Handshake(
        Action.ACCEPT,
        101,
        SubprotocolChoice.FIRST_OFFERED,
        null,
        null,
        false,
        List.of(),
        "",
        true);
  }

  /**
   * Returns a handshake rejected with {@code status}; add headers and a body with {@link #header}
   * and {@link #body}. The server closes the connection after the response.
   *
   * @throws IllegalArgumentException if {@code status} is not 100 to 599 or is 101
   */
  public static Handshake reject(int status) {
    if (status < 100 || status > 599 || status == 101) {
      throw new IllegalArgumentException(
          "status must be an HTTP status from 100 to 599 other than 101 but was " + status);
    }
    return new Handshake(
        Action.REJECT, status, SubprotocolChoice.NONE, null, null, false, List.of(), "", false);
  }

  /** Returns a handshake that is read and never answered. */
  public static Handshake stall() {
    return new Handshake(
        Action.STALL, 0, SubprotocolChoice.NONE, null, null, false, List.of(), "", false);
  }

  /**
   * Returns a handshake that is read and answered with a TCP reset, as a server or middlebox that
   * drops the connection mid-handshake does.
   */
  public static Handshake reset() {
    return new Handshake(
        Action.RESET, 0, SubprotocolChoice.NONE, null, null, false, List.of(), "", false);
  }

  /**
   * Returns a copy that selects {@code name} whether or not the client offered it.
   *
   * @throws IllegalStateException if this handshake does not accept
   */
  public Handshake subprotocol(String name) {
    requireAccept("subprotocol");
    Objects.requireNonNull(name, "name");
    return copy(SubprotocolChoice.FIXED, name, extensions, wrongAcceptKey, headers, body, echo);
  }

  /** Returns a copy that selects no subprotocol even when the client offered some. */
  public Handshake noSubprotocol() {
    requireAccept("noSubprotocol");
    return copy(SubprotocolChoice.NONE, null, extensions, wrongAcceptKey, headers, body, echo);
  }

  /**
   * Returns a copy that answers with {@code Sec-WebSocket-Extensions: value}, whether or not the
   * client offered it. The server itself implements no extension.
   */
  public Handshake extensions(String value) {
    requireAccept("extensions");
    Objects.requireNonNull(value, "value");
    return copy(subprotocolChoice, subprotocol, value, wrongAcceptKey, headers, body, echo);
  }

  /** Returns a copy whose {@code Sec-WebSocket-Accept} does not match the client's key. */
  public Handshake wrongAcceptKey() {
    requireAccept("wrongAcceptKey");
    return copy(subprotocolChoice, subprotocol, extensions, true, headers, body, echo);
  }

  /** Returns a copy that leaves echo mode off: received messages are only recorded. */
  public Handshake noEcho() {
    requireAccept("noEcho");
    return copy(subprotocolChoice, subprotocol, extensions, wrongAcceptKey, headers, body, false);
  }

  /** Returns a copy that adds a response header line; call it again for more lines. */
  public Handshake header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return copy(subprotocolChoice, subprotocol, extensions, wrongAcceptKey, more, body, echo);
  }

  /**
   * Returns a copy with a response body, sent with a {@code Content-Length}.
   *
   * @throws IllegalStateException if this handshake does not reject
   */
  public Handshake body(String text) {
    Objects.requireNonNull(text, "text");
    if (action != Action.REJECT) {
      throw new IllegalStateException("body applies to a rejected handshake; use reject(status)");
    }
    return copy(subprotocolChoice, subprotocol, extensions, wrongAcceptKey, headers, text, echo);
  }

  /** Returns what the server does with the request. */
  public Action action() {
    return action;
  }

  /** Returns the response status: 101 when accepting, 0 when stalling or resetting. */
  public int status() {
    return status;
  }

  SubprotocolChoice subprotocolChoice() {
    return subprotocolChoice;
  }

  String fixedSubprotocol() {
    return subprotocol;
  }

  String extensionsHeader() {
    return extensions;
  }

  boolean breaksAcceptKey() {
    return wrongAcceptKey;
  }

  List<Map.Entry<String, String>> extraHeaders() {
    return headers;
  }

  String responseBody() {
    return body;
  }

  boolean echo() {
    return echo;
  }

  private void requireAccept(String method) {
    if (action != Action.ACCEPT) {
      throw new IllegalStateException(method + " applies to an accepted handshake; use accept()");
    }
  }

  private Handshake copy(
      SubprotocolChoice choice,
      String name,
      String extensionsValue,
      boolean wrongKey,
      List<Map.Entry<String, String>> headerLines,
      String bodyText,
      boolean echoMessages) {
    return new Handshake(
        action,
        status,
        choice,
        name,
        extensionsValue,
        wrongKey,
        headerLines,
        bodyText,
        echoMessages);
  }

  @Override
  public String toString() {
    return "Handshake[" + action + (action == Action.REJECT ? " " + status : "") + "]";
  }
}
