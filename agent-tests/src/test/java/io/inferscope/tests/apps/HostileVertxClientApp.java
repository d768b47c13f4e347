package io.inferscope.tests.apps;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls a hostile LLM server through the Vert.x core {@code HttpClient} from many threads (see
 * {@link HostileCalls}); each body is read as a blocking stream over the pushed chunks, the response
 * flowing until a few chunks wait unread (then paused until the reader drains them), and reset when
 * closed before its end. Not fetched chunk by chunk: a paused response's connection failure overtakes
 * the chunks Vert.x holds back, so what the reader gets of a cut body would depend on timing, with or
 * without an agent. Usage:
 * {@code HostileVertxClientApp URL MODEL THREADS CALLS MAX_BYTES}.
 */
public final class HostileVertxClientApp {
  private static final Object END = new Object();
  /** Chunks waiting unread before the response is paused, and the fewest at which it flows again. */
  private static final int PAUSE_AT = 16;
  private static final int RESUME_AT = 4;

  private HostileVertxClientApp() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpClient client = (HttpClient) Vertx.class.getMethod("createHttpClient").invoke(vertx); // 5.0: an HttpClientAgent
    String json = "{\"model\":\"" + args[1] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HostileCalls.run(() -> open(client, args[0], json), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
  }

  private static InputStream open(HttpClient client, String url, String json) throws Exception {
    LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    CompletableFuture<HttpClientResponse> head = new CompletableFuture<>();
    CompletableFuture<Context> loop = new CompletableFuture<>();
    AtomicBoolean paused = new AtomicBoolean();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url))
        .compose(request -> request.putHeader("Content-Type", "application/json").send(Buffer.buffer(json)))
        .onComplete(result -> {
          if (result.failed()) {
            head.completeExceptionally(result.cause());
            return;
          }
          HttpClientResponse response = result.result();
          loop.complete(Vertx.currentContext());
          response.handler(chunk -> {
            arrived.add(chunk);
            if (arrived.size() >= PAUSE_AT && !paused.get()) {
              paused.set(true);
              response.pause();
            }
          });
          response.endHandler(end -> arrived.add(END));
          response.exceptionHandler(arrived::add);
          head.complete(response);
        });
    HttpClientResponse response;
    Context context;
    try {
      response = head.get(60, TimeUnit.SECONDS);
      context = loop.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
    return new InputStream() {
      private Buffer current = Buffer.buffer();
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        while (position >= current.length()) {
          if (ended) {
            return -1;
          }
          if (arrived.size() <= RESUME_AT && paused.get()) {
            resumeIfDrained();
          }
          Object next = arrived.poll();
          if (next == null) {
            // About to wait: ask the event loop again whatever this thread saw. A handler that had queued the
            // last chunk but not yet paused when this thread looked finishes first there, so its pause is seen
            // and undone; without this the body stalled for good (twice in CI, once without the agent).
            resumeIfDrained();
            try {
              next = arrived.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            if (next == null) {
              throw new IOException("no body bytes for 60 s");
            }
          }
          if (next == END) {
            ended = true;
          } else if (next instanceof Throwable) {
            throw new IOException((Throwable) next);
          } else {
            current = (Buffer) next;
            position = 0;
          }
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, bytes, offset);
        position += n;
        return n;
      }

      /** Pause and resume are both decided on the event loop, so neither can overtake the other. */
      private void resumeIfDrained() {
        context.runOnContext(v -> {
          if (arrived.size() <= RESUME_AT && paused.get()) {
            paused.set(false);
            response.resume();
          }
        });
      }

      @Override
      public void close() throws IOException {
        if (!ended) {
          try {
            // reset() returns a boolean on 4.x and a future on 5.0: same name, two signatures.
            HttpClientRequest.class.getMethod("reset").invoke(response.request());
          } catch (ReflectiveOperationException e) {
            throw new IOException(e);
          }
        }
      }
    };
  }
}
