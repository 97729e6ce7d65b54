package io.partysocket.transport.netty.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Objects;

/** Creates and checks the event loop groups the transport runs on. Stateless. */
public final class NettyEventLoops {

  /**
   * The thread count of the group a factory creates for itself. One event loop thread serves many
   * connections, and a second keeps one busy listener from stalling every other connection.
   */
  public static final int OWN_THREADS = 2;

  private NettyEventLoops() {}

  /**
   * Returns a new NIO group of {@value #OWN_THREADS} daemon threads named {@code
   * partysocket-netty-P-N}, so a forgotten factory does not keep the JVM alive.
   */
  public static EventLoopGroup newOwnGroup() {
    return new MultiThreadIoEventLoopGroup(
        OWN_THREADS,
        new DefaultThreadFactory("partysocket-netty", true),
        NioIoHandler.newFactory());
  }

  /**
   * Checks that {@code group} can run NIO socket channels, which this transport opens.
   *
   * @return the group
   * @throws IllegalArgumentException when the group runs another I/O type, such as epoll
   */
  public static EventLoopGroup requireNio(EventLoopGroup group) {
    Objects.requireNonNull(group, "group");
    boolean nio = group instanceof IoEventLoopGroup io && io.isCompatible(NioIoHandle.class);
    if (!nio) {
      throw new IllegalArgumentException(
          "group must run NIO channels, such as a MultiThreadIoEventLoopGroup with"
              + " NioIoHandler.newFactory(), but was a "
              + group.getClass().getName());
    }
    return group;
  }
}
