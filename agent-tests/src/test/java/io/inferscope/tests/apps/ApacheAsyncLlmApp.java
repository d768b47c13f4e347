package io.inferscope.tests.apps;

import java.io.IOException;
import java.net.URI;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.AbstractCharResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.io.CloseMode;

/**
 * An application calling an LLM endpoint with Apache HttpClient 5's async API
 * ({@code HttpAsyncClients.createDefault()}), with no agent-specific code. Usage:
 * {@code ApacheAsyncLlmApp URL HOW JSON_BODY}, POSTing a {@code SimpleHttpRequest} with the API key in
 * the Authorization, x-api-key and api-key headers through {@code SimpleRequestProducer}. HOW:
 * <ul>
 *   <li>{@code simple}: {@code SimpleResponseConsumer}; the {@code FutureCallback} prints the answer and
 *       its thread, then makes one more LLM call (embeddings, over the JDK HttpClient);
 *   <li>{@code stream}: an {@code AbstractCharResponseConsumer} that splits the body into lines as they
 *       arrive; the callback prints the line count and makes the same embeddings call;
 *   <li>{@code cancel}: the streaming consumer; once the first line arrived, the application cancels
 *       the call's future.
 * </ul>
 * The caller waits for the callback. Prints {@code key=value} lines; a failure as
 * {@code caught=<exception class>}.
 */
public final class ApacheAsyncLlmApp {
  private ApacheAsyncLlmApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String how = args[1];
    URI uri = URI.create(url);
    String base = uri.getScheme() + "://" + uri.getAuthority();
    SimpleRequestBuilder builder = SimpleRequestBuilder.post(url)
        .setHeader("Authorization", "Bearer " + JdkHttpLlmApp.API_KEY)
        .setHeader("x-api-key", JdkHttpLlmApp.API_KEY)
        .setHeader("api-key", JdkHttpLlmApp.API_KEY)
        .setBody(args[2], ContentType.APPLICATION_JSON);
    String[] extra = ExtraHeader.fromProperty();
    if (extra != null) {
      builder.setHeader(extra[0], extra[1]);
    }
    SimpleHttpRequest request = builder.build();
    AppOutput.print("httpclient.jar", AppOutput.jarOf(CloseableHttpAsyncClient.class));
    AppOutput.print("caller.thread", Thread.currentThread().getName());
    CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
    client.start();
    CountDownLatch done = new CountDownLatch(1);
    try {
      switch (how) {
        case "simple" -> client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(),
            new Callback<SimpleHttpResponse>(done, base) {
              @Override
              void answered(SimpleHttpResponse response) {
                AppOutput.print("status", response.getCode());
                AppOutput.body(response.getBodyBytes());
              }
            });
        case "stream" -> client.execute(SimpleRequestProducer.create(request), new LineConsumer(null),
            new Callback<Integer>(done, base) {
              @Override
              void answered(Integer lines) {
                AppOutput.print("lines", lines);
              }
            });
        case "cancel" -> {
          CountDownLatch firstLine = new CountDownLatch(1);
          Future<Integer> future = client.execute(SimpleRequestProducer.create(request), new LineConsumer(firstLine),
              new Callback<Integer>(done, base) {
                @Override
                void answered(Integer lines) {
                  AppOutput.print("lines", lines);
                }
              });
          if (firstLine.await(20, TimeUnit.SECONDS)) {
            AppOutput.print("cancelled.future", future.cancel(true));
          }
        }
        default -> throw new IllegalArgumentException("unknown mode " + how);
      }
      if (!done.await(30, TimeUnit.SECONDS)) {
        AppOutput.print("callback", "missing");
      }
    } finally {
      client.close(CloseMode.GRACEFUL);
    }
    System.out.flush();
  }

  /** Prints where the callback ran and what it got, then makes its own LLM call. */
  private abstract static class Callback<T> implements FutureCallback<T> {
    private final CountDownLatch done;
    private final String base;

    Callback(CountDownLatch done, String base) {
      this.done = done;
      this.base = base;
    }

    abstract void answered(T result);

    @Override
    public void completed(T result) {
      try {
        AppOutput.print("callback.thread", Thread.currentThread().getName());
        answered(result);
        AppOutput.print("callback.embeddings", LlmCallback.embed(base));
      } finally {
        done.countDown();
      }
    }

    @Override
    public void failed(Exception e) {
      AppOutput.print("callback.thread", Thread.currentThread().getName());
      AppOutput.print("caught", e.getClass().getName());
      done.countDown();
    }

    @Override
    public void cancelled() {
      AppOutput.print("callback.cancelled", true);
      done.countDown();
    }
  }

  /** Splits the body into lines as its characters arrive, as a streaming SSE or NDJSON reader does. */
  private static final class LineConsumer extends AbstractCharResponseConsumer<Integer> {
    private final CountDownLatch firstLine;
    private final StringBuilder pending = new StringBuilder();
    private int lines;
    private int status;

    LineConsumer(CountDownLatch firstLine) {
      this.firstLine = firstLine;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      status = response.getCode();
      AppOutput.print("status", status);
      setCharset(contentType != null && contentType.getCharset() != null ? contentType.getCharset() : StandardCharsets.UTF_8);
    }

    @Override
    protected int capacityIncrement() {
      return Integer.MAX_VALUE;
    }

    @Override
    protected void data(CharBuffer data, boolean endOfStream) throws IOException {
      pending.append(data);
      int newline;
      while ((newline = pending.indexOf("\n")) >= 0) {
        if (!pending.substring(0, newline).isBlank()) {
          lines++;
          if (firstLine != null) {
            firstLine.countDown();
          }
        }
        pending.delete(0, newline + 1);
      }
    }

    @Override
    protected Integer buildResult() {
      if (!pending.toString().isBlank()) {
        lines++;
      }
      return lines;
    }

    @Override
    public void releaseResources() {
      // Nothing held.
    }
  }
}
