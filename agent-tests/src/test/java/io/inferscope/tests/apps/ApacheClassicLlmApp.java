package io.inferscope.tests.apps;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.BufferedHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * An application calling an LLM endpoint with Apache HttpClient 5's classic API, with no
 * agent-specific code. Usage: {@code ApacheClassicLlmApp URL HOW JSON_BODY}, POSTing the body with the
 * API key in the Authorization, x-api-key and api-key headers, on {@code HttpClients.createDefault()}
 * (its default retry strategy and content decompression on). HOW is how it reads the response:
 * <ul>
 *   <li>{@code handler}: {@code execute(request, responseHandler)}, the handler reading
 *       {@code EntityUtils.toByteArray};
 *   <li>{@code string}: {@code execute(request)}, {@code EntityUtils.toByteArray}, then the response closed;
 *   <li>{@code stream}: {@code execute(request)}, the entity's InputStream read line by line to its end;
 *   <li>{@code until-done}: the same, up to {@code data: [DONE]}, then the response closed;
 *   <li>{@code close-early}: {@code execute(request)}, the first line read, then the response closed;
 *   <li>{@code buffered}: {@code execute(request)}, {@code new BufferedHttpEntity(entity)} (which copies the
 *       body with {@code writeTo}), then read from the buffer.
 * </ul>
 * Prints what it observed as {@code key=value} lines; a failure as {@code caught=<exception class>}.
 */
public final class ApacheClassicLlmApp {
  private ApacheClassicLlmApp() {}

  @SuppressWarnings("deprecation") // execute(request) returning the response: what most applications still call
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String how = args[1];
    HttpPost post = new HttpPost(url);
    post.setHeader("Authorization", "Bearer " + JdkHttpLlmApp.API_KEY);
    post.setHeader("x-api-key", JdkHttpLlmApp.API_KEY);
    post.setHeader("api-key", JdkHttpLlmApp.API_KEY);
    String[] extra = ExtraHeader.fromProperty();
    if (extra != null) {
      post.setHeader(extra[0], extra[1]);
    }
    post.setEntity(new StringEntity(args[2], ContentType.APPLICATION_JSON));
    AppOutput.print("httpclient.jar", AppOutput.jarOf(CloseableHttpClient.class));
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      switch (how) {
        case "handler" -> {
          Object[] answer = client.execute(post, response -> new Object[] {response.getCode(), EntityUtils.toByteArray(response.getEntity())});
          AppOutput.print("status", answer[0]);
          AppOutput.body((byte[]) answer[1]);
        }
        case "string" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            AppOutput.print("status", response.getCode());
            AppOutput.body(EntityUtils.toByteArray(response.getEntity()));
          }
        }
        case "stream", "until-done" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            AppOutput.print("status", response.getCode());
            AppOutput.lines(response.getEntity().getContent(), how.equals("until-done"));
          }
        }
        case "close-early" -> {
          CloseableHttpResponse response = client.execute(post);
          AppOutput.print("status", response.getCode());
          AppOutput.firstLine(response.getEntity().getContent());
          response.close();
          AppOutput.print("closed", true);
        }
        case "buffered" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            HttpEntity buffered = new BufferedHttpEntity(response.getEntity());
            AppOutput.print("status", response.getCode());
            AppOutput.body(EntityUtils.toByteArray(buffered));
          }
        }
        default -> throw new IllegalArgumentException("unknown mode " + how);
      }
    } catch (IOException e) {
      AppOutput.print("caught", e.getClass().getName());
    }
    System.out.flush();
  }
}
