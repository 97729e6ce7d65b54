package io.partysocket;

/**
 * An event of a {@link ReconnectingWebSocket}. Each event is one immutable object, delivered to the
 * Level 0 handler and to every Level 2 listener alike.
 */
public sealed interface WebSocketEvent
    permits OpenEvent, MessageEvent, CloseEvent, ErrorEvent, GiveUpEvent, AttemptEvent {}
