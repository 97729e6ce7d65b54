package io.partysocket.transport.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;
import io.partysocket.spi.support.HandshakeChecks;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the opening handshake of one channel: sends the upgrade request once TCP is up, reads the
 * response, checks it, and on success puts a {@link FrameHandler} in its own place.
 *
 * <p>A response other than 101 fails the attempt with {@link Kind#HTTP_STATUS}, its headers and the
 * start of its body, and no redirect is followed. A 101 response fails with {@link Kind#PROTOCOL}
 * when it selects a subprotocol or extension that was not offered or breaks RFC 6455 in another way
 * Netty detects (accept key, {@code Upgrade}, {@code Connection}). Once the attempt failed, the
 * bytes still arriving are not HTTP any more (after a 101 the codec passes raw bytes on), so this
 * handler drops every later message without looking at it, while the channel closes.
 *
 * <p>Not thread-safe: Netty calls it on the channel's event loop, which owns every field.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  /**
   * The maximum number of body bytes kept from a rejected handshake: enough for the characters
   * {@link ConnectFailedException} keeps, at up to 4 bytes each in UTF-8.
   */
  private static final int MAX_BODY_BYTES = 4 * ConnectFailedException.MAX_BODY_SNIPPET;

  private static final int SWITCHING_PROTOCOLS = HttpResponseStatus.SWITCHING_PROTOCOLS.code();

  private final NettyConnection connection;
  private final ConnectRequest request;
  private final NettyHandshaker handshaker;
  private final Extensions extensions;
  private final String target;

  /** The response's status line and headers, once they arrived. */
  private HttpResponse head;

  /** The start of a rejection's body, released when this handler leaves the pipeline. */
  private ByteBuf body;

  /** Whether the handshake succeeded or failed, after which messages are dropped. */
  private boolean done;

  HandshakeHandler(
      NettyConnection connection,
      ConnectRequest request,
      NettyHandshaker handshaker,
      Extensions extensions) {
    this.connection = connection;
    this.request = request;
    this.handshaker = handshaker;
    this.extensions = extensions;
    this.target = request.redactedUri();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    handshaker
        .handshake(ctx.channel())
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                fail(ConnectFailures.toConnectFailed(written.cause(), target));
              }
            });
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!done && msg instanceof HttpObject) {
        read(ctx, (HttpObject) msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(ChannelHandlerContext ctx, HttpObject message) {
    if (message.decoderResult().isFailure()) {
      fail(ConnectFailures.toConnectFailed(message.decoderResult().cause(), target));
      return;
    }
    if (message instanceof HttpResponse) {
      head = (HttpResponse) message;
      if (head.status().code() == SWITCHING_PROTOCOLS) {
        // A 101 response has no body. The bytes after its head are WebSocket frames.
        done = true;
        upgrade(ctx);
        return;
      }
      body = Unpooled.buffer(0, MAX_BODY_BYTES);
    }
    if (body == null || !(message instanceof HttpContent)) {
      return;
    }
    ByteBuf content = ((HttpContent) message).content();
    body.writeBytes(content, Math.min(content.readableBytes(), body.maxWritableBytes()));
    // A rejection's body may be long or never end, and its start is all the failure keeps.
    if (message instanceof LastHttpContent || body.maxWritableBytes() == 0) {
      fail(rejection(head.status().code()));
    }
  }

  private void upgrade(ChannelHandlerContext ctx) {
    try {
      finishHandshake(ctx);
    } catch (ConnectFailedException e) {
      fail(e);
    } catch (RuntimeException e) {
      // Thrown here it would reach the frame handler, which has taken this handler's place.
      fail(ConnectFailures.toConnectFailed(e, target));
    }
  }

  private void finishHandshake(ChannelHandlerContext ctx) throws ConnectFailedException {
    HttpHeaders headers = head.headers();
    String subprotocol =
        HandshakeChecks.selectedSubprotocol(
            request.subprotocols(),
            joined(headers, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL),
            target);
    String extensionsHeader = joined(headers, HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    WebSocketClientExtension extension = extensions.accept(extensionsHeader, target);

    handshaker.extensionsNegotiated(extension != null);
    try {
      handshaker.finishHandshake(ctx.channel(), withoutSubprotocol(head));
    } catch (WebSocketHandshakeException e) {
      throw new ConnectFailedException(
          Kind.PROTOCOL,
          "Server at " + target + " sent an invalid WebSocket handshake response",
          e);
    }

    FrameHandler frames = new FrameHandler(connection, request);
    if (!request.heartbeatInterval().isZero()) {
      // First in the pipeline, so every byte from the socket counts as a sign of life, also the
      // start of a frame that takes longer than an interval to arrive.
      long intervalNanos = request.heartbeatInterval().toNanos();
      ctx.pipeline()
          .addFirst(
              "ws-heartbeat", new IdleStateHandler(intervalNanos, 0, 0, TimeUnit.NANOSECONDS));
    }
    if (extension != null) {
      ctx.pipeline().addBefore(ctx.name(), "ws-extension-decoder", extension.newExtensionDecoder());
      ctx.pipeline().addBefore(ctx.name(), "ws-extension-encoder", extension.newExtensionEncoder());
    }
    ctx.pipeline().replace(this, "ws-frames", frames);
    connection.opened(frames, subprotocol, Extensions.entries(extensionsHeader));
  }

  /**
   * Returns the values of every {@code name} header line as one comma-separated list, as HTTP reads
   * repeated lines, or {@code null} when there is none.
   */
  private static String joined(HttpHeaders headers, CharSequence name) {
    List<String> values = headers.getAll(name);
    return values.isEmpty() ? null : String.join(", ", values);
  }

  /**
   * Returns the response that {@code finishHandshake} checks: the same status and headers, but no
   * {@code Sec-WebSocket-Protocol}, because the handshaker offered none and would reject any. The
   * selected subprotocol was checked before.
   */
  private static FullHttpResponse withoutSubprotocol(HttpResponse response) {
    HttpHeaders headers = response.headers().copy();
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    return new DefaultFullHttpResponse(
        response.protocolVersion(),
        response.status(),
        Unpooled.EMPTY_BUFFER,
        headers,
        EmptyHttpHeaders.INSTANCE);
  }

  private ConnectFailedException rejection(int status) {
    if (status < 100 || status > 599) {
      return new ConnectFailedException(
          Kind.PROTOCOL,
          "Server at " + target + " answered the WebSocket upgrade with HTTP status " + status,
          null);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : head.headers()) {
      headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
    }
    String text = body.toString(StandardCharsets.UTF_8);
    return ConnectFailedException.httpStatus(status, headers, text, null);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(
        new ConnectFailedException(
            Kind.IO,
            "Connection to " + target + " closed during the WebSocket handshake",
            new EOFException("The server closed the connection before the handshake completed")));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ConnectFailures.toConnectFailed(cause, target));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  /** Fails the attempt, which closes the channel, and drops the messages still arriving. */
  private void fail(ConnectFailedException failure) {
    done = true;
    connection.failConnect(failure);
  }
}
