package io.inferscope.agent.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.agent.http.NoOpHttpExchange;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The copy a JDK HttpClient request body is read from when it cannot be replayed: the client gets every
 * buffer as the application's publisher made it, and the exchange the whole body once, within the cap.
 */
class CopyingBodyPublisherTest {
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true}";

  @Test
  void theClientGetsEveryBufferUnchangedAndTheExchangeTheWholeBodyOnce() throws Exception {
    RecordingExchange exchange = new RecordingExchange();
    Sent sent = send(new CopyingBodyPublisher(fromPieces(BODY, 3), exchange, 1024));

    assertEquals(BODY, sent.text(), "what the client sent");
    assertEquals(List.of(0, 0, 0), sent.positions, "the client got each buffer at its start, untouched by the copy");
    assertEquals(List.of(BODY), exchange.bodies);
  }

  @Test
  void aBodyPastTheCapIsSentWholeAndNotReported() throws Exception {
    RecordingExchange exchange = new RecordingExchange();
    Sent sent = send(new CopyingBodyPublisher(fromPieces(BODY, 4), exchange, BODY.length() - 1));

    assertEquals(BODY, sent.text());
    assertEquals(List.of(), exchange.bodies, "half a JSON document says nothing reliable");
  }

  @Test
  void theLengthIsTheApplicationsPublishers() {
    HttpRequest.BodyPublisher application = HttpRequest.BodyPublishers.fromPublisher(fromPieces(BODY, 2), BODY.length());
    assertEquals(BODY.length(), new CopyingBodyPublisher(application, new RecordingExchange(), 1024).contentLength());
  }

  /** A publisher of the application's, as Spring's OutputStreamPublisher: the body in {@code pieces} buffers. */
  private static HttpRequest.BodyPublisher fromPieces(String body, int pieces) {
    return HttpRequest.BodyPublishers.fromPublisher(subscriber -> {
      SubmissionPublisher<ByteBuffer> own = new SubmissionPublisher<>();
      own.subscribe(subscriber);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      int step = (bytes.length + pieces - 1) / pieces;
      for (int from = 0; from < bytes.length; from += step) {
        own.submit(ByteBuffer.wrap(bytes, from, Math.min(step, bytes.length - from)).slice());
      }
      own.close();
    });
  }

  private record Sent(ByteArrayOutputStream bytes, List<Integer> positions) {
    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Subscribes as the client does and reads every buffer to its end. */
  private static Sent send(HttpRequest.BodyPublisher publisher) throws Exception {
    Sent sent = new Sent(new ByteArrayOutputStream(), new ArrayList<>());
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        synchronized (sent) {
          sent.positions.add(item.position());
          byte[] chunk = new byte[item.remaining()];
          item.get(chunk);
          sent.bytes.writeBytes(chunk);
        }
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(null);
      }
    });
    done.get(10, TimeUnit.SECONDS);
    return sent;
  }

  /** The exchange side: only what the copy reports is of interest here. */
  private static final class RecordingExchange extends NoOpHttpExchange {
    final List<String> bodies = new ArrayList<>();

    @Override
    public void requestBody(byte[] body, int length) {
      bodies.add(new String(body, 0, length, StandardCharsets.UTF_8));
    }
  }
}
