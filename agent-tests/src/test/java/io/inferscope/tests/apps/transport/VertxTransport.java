package io.inferscope.tests.apps.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Vert.x: the web client's {@code sendBuffer} for whole answers (awaited from the caller's thread) and
 * for the asynchronous call ({@code onComplete}, on the event loop); for streams, the core
 * {@code HttpClient}'s response read the way a blocking reader reads a push stream: paused in the
 * response handler, one chunk fetched whenever the reader needs more, reset when closed before its end.
 * Compiled against 4.5.14 with only API that 4.5 and 5.0 share with the same signatures; the two calls
 * whose signatures differ ({@code createHttpClient} returns an {@code HttpClientAgent} on 5.0, and
 * {@code reset} a future) are made reflectively.
 */
public final class VertxTransport implements LlmTransport {
  private static final long TIMEOUT_SECONDS = 30;
  private static final Object END = new Object();

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private final HttpClient core;

  public VertxTransport() throws ReflectiveOperationException {
    core = (HttpClient) Vertx.class.getMethod("createHttpClient").invoke(vertx);
  }

  @Override
  public String library() {
    return Path.of(WebClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException, InterruptedException {
    HttpResponse<Buffer> response = await(request(url, headers).sendBuffer(Buffer.buffer(json)));
    return answer(response);
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException, InterruptedException {
    LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    CompletableFuture<HttpClientResponse> head = new CompletableFuture<>();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
    core.request(options)
        .compose(request -> {
          headers.forEach(request::putHeader);
          request.putHeader("Content-Type", "application/json");
          return request.send(Buffer.buffer(json));
        })
        .onComplete(result -> {
          if (result.failed()) {
            head.completeExceptionally(result.cause());
            return;
          }
          HttpClientResponse response = result.result();
          response.pause(); // the reader fetches what it needs
          response.handler(arrived::add);
          response.endHandler(end -> arrived.add(END));
          response.exceptionHandler(arrived::add);
          head.complete(response);
        });
    HttpClientResponse response = await(head);
    return new LineStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
      private boolean ended;

      @Override
      public int status() {
        return response.statusCode();
      }

      @Override
      public String readLine() throws IOException {
        while (true) {
          byte[] bytes = pending.toByteArray();
          for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
              pending.reset();
              pending.write(bytes, i + 1, bytes.length - i - 1);
              return new String(bytes, 0, i, StandardCharsets.UTF_8);
            }
          }
          if (ended) {
            pending.reset();
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
          }
          Object next = arrived.poll();
          if (next == null) {
            response.fetch(1);
            try {
              next = arrived.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException();
            }
            if (next == null) {
              throw new IOException("no body bytes for " + TIMEOUT_SECONDS + " s");
            }
          }
          if (next == END) {
            ended = true;
          } else if (next instanceof Throwable) {
            throw new IOException((Throwable) next);
          } else {
            pending.write(((Buffer) next).getBytes());
          }
        }
      }

      @Override
      public void close() throws IOException {
        if (!ended) {
          // A reset HTTP/1.1 request closes its connection; until it is closed the pool may hand it to the
          // next request, which then fails ("Connection was closed", with or without an agent): wait for it.
          CompletableFuture<Void> closed = new CompletableFuture<>();
          response.request().connection().closeHandler(done -> closed.complete(null));
          try {
            // reset() returns a boolean on 4.x and a future on 5.0: same name, two signatures.
            HttpClientRequest.class.getMethod("reset").invoke(response.request());
            closed.get(5, TimeUnit.SECONDS);
          } catch (ReflectiveOperationException | ExecutionException e) {
            throw new IOException(e);
          } catch (TimeoutException e) {
            // Closed later, or kept: the next request finds out.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
          }
        }
      }
    };
  }

  @Override
  public boolean hasAsync() {
    return true;
  }

  @Override
  public void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    request(url, headers).sendBuffer(Buffer.buffer(json)).onComplete(result -> {
      if (result.failed()) {
        callback.failed(result.cause());
      } else {
        callback.answered(answer(result.result()));
      }
    });
  }

  @Override
  public void close() {
    web.close();
    vertx.close();
  }

  private HttpRequest<Buffer> request(String url, Map<String, String> headers) {
    HttpRequest<Buffer> request = web.postAbs(url);
    headers.forEach(request::putHeader);
    return request.putHeader("Content-Type", "application/json");
  }

  private static Answer answer(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    return new Answer(response.statusCode(), body == null ? new byte[0] : body.getBytes());
  }

  private static <T> T await(Future<T> future) throws IOException, InterruptedException {
    return await(future.toCompletionStage().toCompletableFuture());
  }

  private static <T> T await(CompletableFuture<T> future) throws IOException, InterruptedException {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
  }
}
