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
 * publishers may be one-shot or slow, so they are left alone (the span then lacks request details).
 */
final class JdkRequestBodies {
  private static final Set<String> REPLAYABLE = Set.of(
      "jdk.internal.net.http.RequestPublishers$StringPublisher",
      "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher");

  private JdkRequestBodies() {}

  /** The body, or null when absent, larger than {@code maxBytes}, not safely readable or not delivered at once. */
  static byte[] read(HttpRequest request, int maxBytes) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || !REPLAYABLE.contains(publisher.get().getClass().getName())) {
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
