package io.partysocket.transport.okhttp.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Sink;
import okio.Socket;
import okio.Source;

/**
 * The application interceptor of one connect. OkHttp adds {@code Sec-WebSocket-Extensions:
 * permessage-deflate} to every upgrade request after the caller's headers, and application
 * interceptors run after that, so this is where the offer can be taken back when compression is
 * off. On a 101 response it replaces the upgraded socket with one whose input passes through a
 * {@link FrameInspector}, which OkHttp's reader then reads from.
 *
 * <p>Immutable; OkHttp calls it on the dispatcher thread that runs the handshake.
 */
final class UpgradeInterceptor implements Interceptor {

  static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

  private final boolean offerCompression;
  private final UnaryOperator<Source> inspection;

  /**
   * Creates the interceptor of one connect.
   *
   * @param offerCompression whether to keep OkHttp's permessage-deflate offer
   * @param inspection wraps the upgraded socket's source
   */
  UpgradeInterceptor(boolean offerCompression, UnaryOperator<Source> inspection) {
    this.offerCompression = offerCompression;
    this.inspection = Objects.requireNonNull(inspection, "inspection");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!offerCompression) {
      request = request.newBuilder().removeHeader(EXTENSIONS_HEADER).build();
    }
    Response response = chain.proceed(request);
    Socket upgraded = response.socket();
    if (response.code() != 101 || upgraded == null) {
      return response;
    }
    Source inspected = inspection.apply(upgraded.getSource());
    return response.newBuilder().socket(new InspectedSocket(upgraded, inspected)).build();
  }

  /** The upgraded socket with its source replaced. */
  private static final class InspectedSocket implements Socket {
    private final Socket delegate;
    private final Source source;

    InspectedSocket(Socket delegate, Source source) {
      this.delegate = delegate;
      this.source = source;
    }

    @Override
    public Source getSource() {
      return source;
    }

    @Override
    public Sink getSink() {
      return delegate.getSink();
    }

    @Override
    public void cancel() {
      delegate.cancel();
    }
  }
}
