package io.partysocket.testtransport;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A transport that is found by ServiceLoader in the core's tests and never connects. */
public abstract class NamedTestFactory implements WebSocketFactory {

  private final String name;
  private final int priority;

  NamedTestFactory(String name, int priority) {
    this.name = name;
    this.priority = priority;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public TransportCapabilities capabilities() {
    return TransportCapabilities.builder().build();
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    return CompletableFuture.failedFuture(
        new ConnectFailedException(ConnectFailedException.Kind.REFUSED, "test transport", null));
  }

  @Override
  public void close() {}

  /** Priority 5. */
  public static final class Alpha extends NamedTestFactory {
    public Alpha() {
      super("alpha", 5);
    }
  }

  /** Priority 7: chosen when no name is given. */
  public static final class Beta extends NamedTestFactory {
    public Beta() {
      super("beta", 7);
    }
  }

  /** The highest priority, but not usable, so never chosen. */
  public static final class Unusable extends NamedTestFactory {
    public Unusable() {
      super("unusable", 100);
    }

    @Override
    public boolean isUsable() {
      return false;
    }
  }

  /** Fails to construct, as a provider whose library is missing would. */
  public static final class Broken extends NamedTestFactory {
    public Broken() {
      super("broken", 200);
      throw new NoClassDefFoundError("com/example/MissingLibrary");
    }
  }
}
