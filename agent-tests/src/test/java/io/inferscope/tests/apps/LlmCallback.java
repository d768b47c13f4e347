package io.inferscope.tests.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Work an application does in an LLM callback: one more LLM call (embeddings) over the JDK
 * HttpClient. If the agent carried the first call's context into the callback, this call's span is
 * its child, which is how the tests see context propagation without an OpenTelemetry API in the app.
 */
public final class LlmCallback {
  /** The model the callback's call asks for: its span is {@code embeddings callback-embedder}. */
  public static final String MODEL = "callback-embedder";

  private LlmCallback() {}

  public static int embed(String baseUrl) {
    return embed(baseUrl, MODEL);
  }

  /** The same call asking for {@code model}, for a test that tells several such calls apart. */
  public static int embed(String baseUrl, String model) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/embeddings"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"input\":\"from a callback\"}"))
          .build();
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
