package io.inferscope.tests.apps.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4.5 ({@code HttpClients.createDefault()}): {@code execute} with a response handler
 * reading {@code EntityUtils.toByteArray} for whole answers, the entity's stream read line by line
 * for streams (closing the response closes it early). No asynchronous API (httpasyncclient is another
 * library).
 */
public final class ApacheHttpClient4Transport implements LlmTransport {
  private final CloseableHttpClient client = HttpClients.createDefault();

  @Override
  public String library() {
    return LlmTransport.jarOf(CloseableHttpClient.class);
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException {
    return client.execute(request(url, headers, json),
        response -> new Answer(response.getStatusLine().getStatusCode(), EntityUtils.toByteArray(response.getEntity())));
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    CloseableHttpResponse response = client.execute(request(url, headers, json));
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
    return new LineStream() {
      @Override
      public int status() {
        return response.getStatusLine().getStatusCode();
      }

      @Override
      public String readLine() throws IOException {
        return reader.readLine();
      }

      @Override
      public void close() throws IOException {
        response.close();
      }
    };
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // Shutting down: nothing left to do with it.
    }
  }

  private static HttpPost request(String url, Map<String, String> headers, String json) {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }
}
