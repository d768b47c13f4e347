package io.inferscope.tests.apps;

import java.io.IOException;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.BufferedHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The same application on Apache HttpClient 4.5 ({@code org.apache.http}, the transport of the AWS
 * SDK's Apache client and of google-genai), with no agent-specific code. Usage and modes as
 * {@link ApacheClassicLlmApp}; {@code handler} uses 4.5's {@code ResponseHandler}.
 */
public final class Apache4LlmApp {
  private Apache4LlmApp() {}

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
          Object[] answer = client.execute(
              post, response -> new Object[] {response.getStatusLine().getStatusCode(), EntityUtils.toByteArray(response.getEntity())});
          AppOutput.print("status", answer[0]);
          AppOutput.body((byte[]) answer[1]);
        }
        case "string" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            AppOutput.print("status", response.getStatusLine().getStatusCode());
            AppOutput.body(EntityUtils.toByteArray(response.getEntity()));
          }
        }
        case "stream", "until-done" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            AppOutput.print("status", response.getStatusLine().getStatusCode());
            AppOutput.lines(response.getEntity().getContent(), how.equals("until-done"));
          }
        }
        case "close-early" -> {
          CloseableHttpResponse response = client.execute(post);
          AppOutput.print("status", response.getStatusLine().getStatusCode());
          AppOutput.firstLine(response.getEntity().getContent());
          response.close();
          AppOutput.print("closed", true);
        }
        case "buffered" -> {
          try (CloseableHttpResponse response = client.execute(post)) {
            HttpEntity buffered = new BufferedHttpEntity(response.getEntity());
            AppOutput.print("status", response.getStatusLine().getStatusCode());
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
