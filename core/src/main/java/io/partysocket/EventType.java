package io.partysocket;

import java.util.Objects;

/**
 * The type of an event, used to add and remove Level 2 listeners.
 *
 * @param <E> the event class delivered for this type
 */
public final class EventType<E extends WebSocketEvent> {

  /** A connection opened. */
  public static final EventType<OpenEvent> OPEN = new EventType<>("open", OpenEvent.class);

  /** A message arrived. */
  public static final EventType<MessageEvent> MESSAGE =
      new EventType<>("message", MessageEvent.class);

  /** A connection or an attempt ended. */
  public static final EventType<CloseEvent> CLOSE = new EventType<>("close", CloseEvent.class);

  /** An attempt failed or a connection broke. */
  public static final EventType<ErrorEvent> ERROR = new EventType<>("error", ErrorEvent.class);

  /** The socket stopped reconnecting by itself. */
  public static final EventType<GiveUpEvent> GIVE_UP = new EventType<>("giveup", GiveUpEvent.class);

  /** A connection attempt was scheduled. */
  public static final EventType<AttemptEvent> ATTEMPT =
      new EventType<>("attempt", AttemptEvent.class);

  private final String name;
  private final Class<E> eventClass;

  private EventType(String name, Class<E> eventClass) {
    this.name = name;
    this.eventClass = eventClass;
  }

  /** Returns the type's name, as the original's event type strings ("open", "message", ...). */
  public String name() {
    return name;
  }

  /** Returns the class of the events of this type. */
  public Class<E> eventClass() {
    return eventClass;
  }

  /** Returns the type of {@code event}. */
  static EventType<?> of(WebSocketEvent event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof OpenEvent) {
      return OPEN;
    } else if (event instanceof MessageEvent) {
      return MESSAGE;
    } else if (event instanceof CloseEvent) {
      return CLOSE;
    } else if (event instanceof ErrorEvent) {
      return ERROR;
    } else if (event instanceof AttemptEvent) {
      return ATTEMPT;
    } else {
      return GIVE_UP;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
