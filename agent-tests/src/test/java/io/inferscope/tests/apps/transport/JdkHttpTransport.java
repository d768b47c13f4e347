package io.inferscope.tests.apps.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The JDK's {@code java.net.http.HttpClient}: {@code send} with {@code ofByteArray} for whole
 * answers, {@code ofLines} for streams, {@code sendAsync} with a {@code whenComplete} continuation
 * for the asynchronous call.
 */
public final class JdkHttpTransport implements LlmTransport {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public String library() {
    return HttpClient.class.getModule().getName();
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(request(url, headers, json), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.body());
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = client.send(request(url, headers, json), HttpResponse.BodyHandlers.ofLines());
    Stream<String> lines = response.body();
    Iterator<String> it = lines.iterator();
    return new LineStream() {
      @Override
      public int status() {
        return response.statusCode();
      }

      @Override
      public String readLine() throws IOException {
        try {
          return it.hasNext() ? it.next() : null;
        } catch (UncheckedIOException e) {
          throw e.getCause(); // how ofLines reports a failed read
        }
      }

      @Override
      public void close() {
        lines.close(); // closes the body's input stream, which cancels the subscription
      }
    };
  }

  @Override
  public boolean hasAsync() {
    return true;
  }

  @Override
  public void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    client.sendAsync(request(url, headers, json), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((response, error) -> {
          if (error != null) {
            callback.failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
          } else {
            callback.answered(new Answer(response.statusCode(), response.body()));
          }
        });
  }

  @Override
  public void close() {
    // Nothing to release: the client's threads are daemons and stop with the JVM.
  }

  private static HttpRequest request(String url, Map<String, String> headers, String json) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json");
    headers.forEach(builder::header);
    return builder.POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }
}
