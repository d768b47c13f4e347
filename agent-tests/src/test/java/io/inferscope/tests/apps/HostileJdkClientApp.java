package io.inferscope.tests.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a hostile LLM server through the JDK HttpClient from many threads (see {@link HostileCalls}).
 * Usage: {@code HostileJdkClientApp URL MODEL THREADS CALLS MAX_BYTES}.
 */
public final class HostileJdkClientApp {
  private HostileJdkClientApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + args[1] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HostileCalls.run(() -> client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body(),
        Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
  }
}
