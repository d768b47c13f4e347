package io.inferscope.agent.instrumentation.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Reads a request body the application already gave the client, without consuming it: only the
 * JDK's own in-memory publishers ({@code ofString}, {@code ofByteArray}) are read, because they
 * replay the same bytes to every subscriber and deliver synchronously. Streams, files and custom
 * publishers may be one-shot or slow, so they are not read here: they are copied as the client sends
 * them ({@link CopyingBodyPublisher}), and the span learns the request once the body is complete.
 */
final class JdkRequestBodies {
  private static final Set<String> REPLAYABLE = Set.of(
      "jdk.internal.net.http.RequestPublishers$StringPublisher",
      "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher");

  private JdkRequestBodies() {}

  /**
   * Reads a request's body when the exchange asks for it (given the cap), and remembers whether a body
   * it could not read should be copied as it is sent instead.
   */
  static final class Reading implements java.util.function.IntFunction<byte[]> {
    private final HttpRequest request;
    private int copyLimit;

    Reading(HttpRequest request) {
      this.request = request;
    }

    @Override
    public byte[] apply(int maxBytes) {
      byte[] body = read(request, maxBytes);
      if (body == null && maxBytes > 0) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        long length = publisher.isEmpty() || isReplayable(publisher.get()) ? 0 : publisher.get().contentLength();
        // -1: length unknown (fromPublisher without one, ofInputStream); 0: no body
        copyLimit = length != 0 && length <= maxBytes ? maxBytes : 0;
      }
      return body;
    }

    /** The cap of the copy to make as the body is sent, or 0 for none. */
    int copyLimit() {
      return copyLimit;
    }
  }

  private static boolean isReplayable(HttpRequest.BodyPublisher publisher) {
    return REPLAYABLE.contains(publisher.getClass().getName());
  }

  /** The body, or null when absent, larger than {@code maxBytes}, not safely readable or not delivered at once. */
  static byte[] read(HttpRequest request, int maxBytes) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || !isReplayable(publisher.get())) {
      return null;
    }
    long length = publisher.get().contentLength();
    if (length <= 0 || length > maxBytes) {
      return null;
    }
    Collector collector = new Collector((int) length);
    publisher.get().subscribe(collector);
    return collector.complete ? collector.bytes.toByteArray() : null;
  }

  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream bytes;
    volatile boolean complete;

    Collector(int length) {
      bytes = new ByteArrayOutputStream(length);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
      ByteBuffer view = item.duplicate();
      byte[] chunk = new byte[view.remaining()];
      view.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }

    @Override
    public void onError(Throwable throwable) {
      complete = false;
    }

    @Override
    public void onComplete() {
      complete = true;
    }
  }
}
