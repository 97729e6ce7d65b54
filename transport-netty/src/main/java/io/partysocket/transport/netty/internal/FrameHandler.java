package io.partysocket.transport.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.CloseFrames;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.MessageAssembler;
import io.partysocket.spi.support.MessageRejectedException;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The WebSocket side of one open channel: turns frames into whole messages and listener events,
 * replies to pings, runs both closing handshakes with a close timeout, and keeps data frames off
 * the wire once a close frame was sent.
 *
 * <p>What it adds to Netty's raw codec: whole messages under the request's size limit (the decoder
 * limits single frames, {@link MessageAssembler} the sum, and a frame over the limit closes with
 * 1009 too), strict UTF-8 (the raw decoder passes invalid text on) with close code 1007, close code
 * 1002 for other protocol errors, pongs with the ping's payload, the peer's close frame echoed with
 * its code, a close timeout, which Netty leaves off, and the request's heartbeat when it sets one.
 *
 * <p>Not thread-safe: every method runs on the channel's event loop, which owns every field. {@link
 * NettyConnection} hands calls from other threads over to that loop.
 */
final class FrameHandler extends ChannelDuplexHandler {

  private static final System.Logger LOG = System.getLogger(FrameHandler.class.getName());

  /** The closing-handshake stage of the connection. */
  private enum Phase {
    /** Open; sends are accepted. */
    OPEN,
    /** This side sent a close frame on request and waits for the peer's. */
    CLOSING,
    /**
     * This side sent a close frame because of an inbound error and waits for the peer's, unless
     * Netty's decoder can no longer read it.
     */
    FAILING,
    /** The peer sent a close frame; the reply is being written. */
    REPLYING,
    /** The end was reported. */
    ENDED
  }

  private final NettyConnection connection;
  private final ConnectionEvents events;
  private final MessageAssembler assembler;
  private final Duration closeTimeout;
  private final Duration heartbeatInterval;

  private ChannelHandlerContext ctx;
  private Phase phase = Phase.OPEN;

  /**
   * The code and reason to report: of this side's close frame in CLOSING and FAILING, of the peer's
   * in REPLYING.
   */
  private int code;

  private String reason = "";

  /** The write of this side's close frame, once sent. */
  private ChannelFuture closeWrite;

  /** The error that ends or ended the connection, for {@link CloseInfo#cause()}. */
  private Throwable failure;

  private OneShotTimer closeTimer;

  FrameHandler(NettyConnection connection, ConnectRequest request) {
    this.connection = connection;
    this.events = connection.events();
    this.assembler = new MessageAssembler(request.maxInboundMessageBytes());
    this.closeTimeout = request.closeTimeout();
    this.heartbeatInterval = request.heartbeatInterval();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  // ---- Inbound ----

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    try {
      if (msg instanceof WebSocketFrame) {
        onFrame((WebSocketFrame) msg);
      }
      // Anything else is the HTTP codec's end-of-response marker, which follows the 101 response.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onFrame(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame
        || frame instanceof BinaryWebSocketFrame
        || frame instanceof ContinuationWebSocketFrame) {
      onData(frame);
    } else if (frame instanceof PingWebSocketFrame) {
      onPing(frame.content());
    } else if (frame instanceof PongWebSocketFrame) {
      onPong(frame.content());
    } else if (frame instanceof CloseWebSocketFrame) {
      CloseWebSocketFrame close = (CloseWebSocketFrame) frame;
      onClose(CloseFrames.reportedCode(close.statusCode()), close.reasonText());
    }
  }

  private void onData(WebSocketFrame frame) {
    if (phase != Phase.OPEN && phase != Phase.CLOSING) {
      return;
    }
    ByteBuffer part = frame.content().nioBuffer();
    boolean last = frame.isFinalFragment();
    try {
      MessageAssembler.Type type = typeOf(frame);
      if (type == MessageAssembler.Type.TEXT) {
        String text = assembler.appendUtf8(part, last);
        if (text != null) {
          events.text(text);
        }
      } else {
        ByteBuffer message = assembler.appendBinary(part, last);
        if (message != null) {
          events.binary(message);
        }
      }
    } catch (MessageRejectedException e) {
      failInbound(e.closeCode(), e.closeReason(), e);
    }
  }

  /** Returns the type of the message a frame belongs to. */
  private MessageAssembler.Type typeOf(WebSocketFrame frame) throws MessageRejectedException {
    if (frame instanceof TextWebSocketFrame) {
      return MessageAssembler.Type.TEXT;
    }
    if (frame instanceof BinaryWebSocketFrame) {
      return MessageAssembler.Type.BINARY;
    }
    MessageAssembler.Type inProgress = assembler.inProgress();
    if (inProgress == null) {
      // Netty's decoder rejects this already. The check keeps the assembler consistent regardless.
      throw new MessageRejectedException(
          CloseCodes.PROTOCOL_ERROR,
          "Protocol error",
          "A continuation frame arrived while no message was in progress");
    }
    return inProgress;
  }

  private void onPing(ByteBuf payload) {
    if (phase != Phase.OPEN) {
      // After a close frame, RFC 6455 allows no further frames from this side.
      return;
    }
    ctx.writeAndFlush(new PongWebSocketFrame(payload.retainedDuplicate()));
    events.ping(copyOf(payload));
  }

  private void onPong(ByteBuf payload) {
    if (phase == Phase.OPEN || phase == Phase.CLOSING) {
      events.pong(copyOf(payload));
    }
  }

  private static ByteBuffer copyOf(ByteBuf payload) {
    ByteBuffer copy = ByteBuffer.allocate(payload.readableBytes());
    payload.getBytes(payload.readerIndex(), copy);
    return copy.flip();
  }

  private void onClose(int peerCode, String peerReason) {
    switch (phase) {
      case OPEN -> replyToClose(peerCode, peerReason);
      case CLOSING, FAILING -> finishAfterOwnClose();
      default -> {
        // A reply is on its way or the end was reported. Netty's decoder drops later frames.
      }
    }
  }

  /** Echoes the peer's close frame and reports the end once the echo was written. */
  private void replyToClose(int peerCode, String peerReason) {
    phase = Phase.REPLYING;
    code = peerCode;
    reason = peerReason;
    armCloseTimer();
    ctx.writeAndFlush(new CloseWebSocketFrame(CloseFrames.replyCode(peerCode), ""))
        .addListener(
            written -> {
              if (written.isSuccess()) {
                end(CloseInfo.remoteClose(peerCode, peerReason));
              } else {
                end(new CloseInfo(peerCode, peerReason, true, false, written.cause()));
              }
            });
  }

  /**
   * Reports the end of a close this side started once the write of its own close frame completed:
   * the peer's reply can arrive before that completion, and reporting first would fail a close
   * stage whose frame was written.
   */
  private void finishAfterOwnClose() {
    ChannelFuture ownClose = closeWrite;
    ownClose.addListener(
        written -> {
          Throwable cause = written.isSuccess() ? null : written.cause();
          end(new CloseInfo(code, reason, false, written.isSuccess(), cause));
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    CloseInfo info =
        switch (phase) {
          case OPEN, CLOSING ->
              CloseInfo.abnormal(
                  true,
                  failure != null
                      ? failure
                      : new EOFException(
                          "The peer closed the TCP connection without a close frame"));
          case FAILING -> new CloseInfo(code, reason, false, false, failure);
          case REPLYING -> new CloseInfo(code, reason, true, false, failure);
          case ENDED -> null;
        };
    if (info != null) {
      end(info);
    }
    context.fireChannelInactive();
  }

  /**
   * Runs the transport's own liveness check when the request sets a heartbeat interval: Netty's
   * {@link IdleStateHandler} reports an interval in which no byte arrived. The first report sends a
   * ping. A second report in a row means the peer stayed silent for two intervals, so the
   * connection ends with code 1006.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (!(event instanceof IdleStateEvent) || phase == Phase.ENDED) {
      context.fireUserEventTriggered(event);
      return;
    }
    if (((IdleStateEvent) event).isFirst()) {
      if (phase == Phase.OPEN) {
        ctx.writeAndFlush(new PingWebSocketFrame());
      }
      return;
    }
    if (failure == null) {
      failure =
          new TimeoutException(
              "Nothing arrived from the peer within two heartbeat intervals of "
                  + heartbeatInterval);
    }
    LOG.log(Level.DEBUG, "Heartbeat of {0} timed out", connection);
    // channelInactive reports the end, with this cause.
    context.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    int protocolCode = protocolCloseCode(cause);
    if (protocolCode > 0 && (phase == Phase.OPEN || phase == Phase.CLOSING)) {
      failInbound(protocolCode, reasonFor(protocolCode), cause);
      if (cause instanceof CorruptedWebSocketFrameException && phase == Phase.FAILING) {
        // Netty's frame decoder drops every byte after a protocol violation, so the peer's reply
        // would never be seen: the TCP connection ends once the close frame is written, as RFC
        // 6455 describes for failing a connection.
        closeWrite.addListener(written -> end(new CloseInfo(code, reason, false, false, failure)));
      }
      return;
    }
    LOG.log(Level.DEBUG, "Connection to {0} failed: {1}", connection, cause.getClass().getName());
    if (failure == null) {
      failure = cause;
    }
    // channelInactive reports the end, with this cause.
    context.close();
  }

  /**
   * Returns the close code for an inbound protocol error that Netty raised, or 0 when {@code cause}
   * is an I/O or TLS error that ends the connection without a closing handshake.
   */
  private static int protocolCloseCode(Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException) {
      int status = ((CorruptedWebSocketFrameException) cause).closeStatus().code();
      return CloseCodes.isSendable(status) ? status : CloseCodes.PROTOCOL_ERROR;
    }
    if (!(cause instanceof DecoderException) || cause.getCause() instanceof SSLException) {
      return 0;
    }
    // The permessage-deflate decoder failed: the inflated frame exceeded the size limit (Netty's
    // inflater reports "maximum size"), or the payload was not valid deflate data.
    String message = cause.getMessage();
    if (cause instanceof DecompressionException
        && message != null
        && message.contains("maximum size")) {
      return CloseCodes.MESSAGE_TOO_BIG;
    }
    return CloseCodes.INVALID_PAYLOAD;
  }

  private static String reasonFor(int closeCode) {
    return switch (closeCode) {
      case CloseCodes.MESSAGE_TOO_BIG -> "Message too big";
      case CloseCodes.INVALID_PAYLOAD -> "Invalid payload";
      default -> "Protocol error";
    };
  }

  /**
   * Closes with {@code failCode} because of an inbound message or frame, and drops inbound data
   * from now on. When this side already sent a close frame, no second one can follow, so the
   * connection ends at once.
   */
  private void failInbound(int failCode, String failReason, Throwable cause) {
    LOG.log(
        Level.DEBUG, "Closing {0} with code {1}: {2}", connection, failCode, cause.getMessage());
    assembler.reset();
    failure = cause;
    if (phase == Phase.CLOSING) {
      end(new CloseInfo(failCode, failReason, false, false, cause));
      return;
    }
    phase = Phase.FAILING;
    code = failCode;
    reason = failReason;
    closeWrite = ctx.writeAndFlush(new CloseWebSocketFrame(failCode, failReason));
    armCloseTimer();
  }

  // ---- Outbound ----

  /**
   * Sends this side's close frame and arms the close timeout. {@link NettyConnection#close} calls
   * it on the event loop.
   */
  void startClose(int closeCode, String closeReason, SendTracker.Send send) {
    if (phase != Phase.OPEN) {
      send.fail(new IOException("The WebSocket connection is already closing or closed"));
      return;
    }
    phase = Phase.CLOSING;
    code = closeCode;
    reason = closeReason;
    LOG.log(Level.DEBUG, "Closing {0} with code {1}", connection, closeCode);
    closeWrite = ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, closeReason));
    closeWrite.addListener(written -> NettyConnection.complete(send, written));
    armCloseTimer();
  }

  /**
   * Fails every frame written through the pipeline's tail, which is where the connection's sends
   * enter, once a close frame was sent or received: RFC 6455 allows no data after a close frame.
   * The frames this handler writes itself go out through its own context, which skips this method.
   */
  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    if (phase != Phase.OPEN && msg instanceof WebSocketFrame) {
      ReferenceCountUtil.release(msg);
      promise.tryFailure(NettyConnection.notOpen());
      return;
    }
    context.write(msg, promise);
  }

  // ---- The end ----

  private void armCloseTimer() {
    if (closeTimer == null) {
      // The timer hands its action to the event loop. Only when that loop has shut down does the
      // action run on the timer thread, and by then Netty has closed the channel already.
      closeTimer = OneShotTimer.start(closeTimeout, ctx.executor(), this::closeTimedOut);
    }
  }

  private void closeTimedOut() {
    TimeoutException timeout =
        new TimeoutException(
            "The peer did not complete the closing handshake within " + closeTimeout);
    CloseInfo info =
        switch (phase) {
          case CLOSING -> new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, timeout);
          case FAILING -> new CloseInfo(code, reason, false, false, timeout);
          case REPLYING -> new CloseInfo(code, reason, true, false, timeout);
          case OPEN, ENDED -> null;
        };
    if (info != null) {
      end(info);
    }
  }

  /** Reports the end once, stops the close timer and closes the channel. */
  private void end(CloseInfo info) {
    if (phase == Phase.ENDED) {
      return;
    }
    phase = Phase.ENDED;
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    connection.report(info);
    ctx.close();
  }
}
