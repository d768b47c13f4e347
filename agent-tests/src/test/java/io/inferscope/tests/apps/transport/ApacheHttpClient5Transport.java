package io.inferscope.tests.apps.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5: the classic client with a response handler reading
 * {@code EntityUtils.toByteArray} for whole answers and the entity's stream read line by line for
 * streams, the async client ({@code SimpleRequestProducer}, {@code SimpleResponseConsumer}, a
 * {@code FutureCallback}) for the asynchronous call. Both without automatic retries: the suite's
 * 429 is one attempt on every client (the Apache test classes cover the clients' own retries).
 */
public final class ApacheHttpClient5Transport implements LlmTransport {
  private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build();
  private final CloseableHttpAsyncClient async = HttpAsyncClients.custom().disableAutomaticRetries().build();

  public ApacheHttpClient5Transport() {
    async.start();
  }

  @Override
  public String library() {
    return LlmTransport.jarOf(CloseableHttpClient.class);
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException {
    return client.execute(request(url, headers, json),
        response -> new Answer(response.getCode(), response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
  }

  @Override
  @SuppressWarnings("deprecation") // execute(request) returning the response: what most applications still call
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    HttpPost post = request(url, headers, json);
    CloseableHttpResponse response = client.execute(post);
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
    return new LineStream() {
      @Override
      public int status() {
        return response.getCode();
      }

      @Override
      public String readLine() throws IOException {
        return reader.readLine();
      }

      /**
       * Cancels, then closes: HttpClient 5's close alone reads a chunked body to its end to keep the
       * connection, which for a stream the server holds open never returns. Cancelling drops the
       * connection, after which the close's own reading fails: that is the cancel, not news.
       */
      @Override
      public void close() {
        post.cancel();
        try {
          response.close();
        } catch (IOException cancelled) {
          // the connection is gone, as asked
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
    SimpleRequestBuilder builder = SimpleRequestBuilder.post(url).setBody(json, ContentType.APPLICATION_JSON);
    headers.forEach(builder::setHeader);
    SimpleHttpRequest request = builder.build();
    async.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), new FutureCallback<SimpleHttpResponse>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        byte[] body = response.getBodyBytes();
        callback.answered(new Answer(response.getCode(), body == null ? new byte[0] : body));
      }

      @Override
      public void failed(Exception e) {
        callback.failed(e);
      }

      @Override
      public void cancelled() {
        callback.failed(new CancellationException("cancelled"));
      }
    });
  }

  @Override
  public void close() {
    async.close(CloseMode.IMMEDIATE);
    client.close(CloseMode.IMMEDIATE);
  }

  private static HttpPost request(String url, Map<String, String> headers, String json) {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }
}
