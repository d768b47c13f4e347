package io.inferscope.tests.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * An application calling model servers (and other HTTP endpoints) with the JDK's HttpClient, as a
 * service that delegates inference does, with no agent-specific code. Usage:
 * {@code JdkModelServerApp METHOD URL BODY [METHOD URL BODY ...]}, {@code -} for no body; each call is
 * sent in turn with {@code send} and its body read whole as bytes. Prints, per call {@code N} (from 0),
 * {@code N.status}, {@code N.length} and {@code N.sha256} of the body the application received, or
 * {@code N.caught} with the exception's class.
 */
public final class JdkModelServerApp {
  private JdkModelServerApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 0; i + 2 < args.length; i += 3) {
      int call = i / 3;
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(args[i + 1])).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json");
      request.method(args[i], args[i + 2].equals("-") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(args[i + 2]));
      try {
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        System.out.println(call + ".status=" + response.statusCode());
        System.out.println(call + ".length=" + response.body().length);
        System.out.println(call + ".sha256=" + sha256(response.body()));
      } catch (Exception e) {
        System.out.println(call + ".caught=" + e.getClass().getName());
      }
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
