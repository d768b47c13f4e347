package io.inferscope.tests.apps;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * An application calling an LLM endpoint with the JDK's HttpClient, as hand-written integrations
 * do, with no agent-specific code. Usage: {@code JdkHttpLlmApp URL HOW [JSON_BODY]}, sending the body
 * (if any) with POST and an API key header. HOW is how the application reads the response:
 * {@code string} (send, ofString), {@code timeout} (the same with a 500 ms request timeout), {@code one-shot-body} (the same, the
 * body sent from a stream that can be read once), {@code publisher-body} (the same, the body from a
 * {@code Flow.Publisher} of the application's), {@code lines} (ofLines, every line), {@code close-early} (ofInputStream, closed after the
 * first bytes), {@code abandon} (ofInputStream, never read nor closed; waits 2 s), {@code bytes}
 * (send, ofByteArray; prints length and SHA-256 of the body) and {@code sse} (ofLines, every line,
 * a failure mid-stream caught and printed with the lines and their SHA-256 seen before it).
 * Prints what it observed as {@code key=value} lines. The asynchronous API is the transport suite's
 * ({@code apps/transport/TransportSuiteApp}).
 */
public final class JdkHttpLlmApp {
  /** The application's secret: it must never appear in anything the agent exports or logs. */
  public static final String API_KEY = "sk-test-SECRET-4f9a1c";

  private JdkHttpLlmApp() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String how = args[1];
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + API_KEY)
        .header("x-api-key", API_KEY)
        .header("api-key", API_KEY)
        .header("Content-Type", "application/json")
        // "timeout": the application gives up after 500 ms, as production callers do.
        .timeout(how.equals("timeout") ? Duration.ofMillis(500) : Duration.ofSeconds(20));
    String[] extra = ExtraHeader.fromProperty();
    if (extra != null) {
      builder.header(extra[0], extra[1]);
    }
    HttpRequest request = args.length > 2 ? builder.POST(publisher(how, args[2])).build() : builder.GET().build();
    try {
      switch (how) {
        case "string", "timeout", "one-shot-body", "publisher-body" -> {
          HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
          System.out.println("status=" + response.statusCode());
          System.out.println("body.length=" + response.body().length());
          System.out.println("body.sha=" + Integer.toHexString(response.body().hashCode()));
        }
        case "lines" -> {
          HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
          System.out.println("status=" + response.statusCode());
          long[] count = {0};
          try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
              if (!line.isBlank()) {
                count[0]++;
              }
            });
          }
          System.out.println("lines=" + count[0]);
        }
        case "close-early" -> {
          HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
          try (InputStream body = response.body()) {
            byte[] first = new byte[16];
            int read = body.read(first);
            System.out.println("first=" + new String(first, 0, Math.max(read, 0), StandardCharsets.UTF_8).replace('\n', ' '));
          }
          System.out.println("closed=true");
        }
        case "abandon" -> {
          HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
          System.out.println("status=" + response.statusCode());
          Thread.sleep(2000);
          System.out.println("kept=" + (response.body() != null));
        }
        case "bytes" -> {
          HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
          System.out.println("status=" + response.statusCode());
          System.out.println("body.length=" + response.body().length);
          System.out.println("body.sha256=" + sha256(response.body()));
        }
        case "sse" -> {
          HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
          System.out.println("status=" + response.statusCode());
          MessageDigest digest = MessageDigest.getInstance("SHA-256");
          long count = 0;
          try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
              String line = it.next();
              digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
              if (!line.isBlank()) {
                count++;
              }
            }
          } catch (UncheckedIOException e) {
            System.out.println("caught=" + e.getCause().getClass().getName());
          }
          System.out.println("lines=" + count);
          System.out.println("lines.sha256=" + HexFormat.of().formatHex(digest.digest()));
        }
        default -> throw new IllegalArgumentException("unknown mode " + how);
      }
    } catch (java.io.IOException e) {
      System.out.println("caught=" + e.getClass().getName());
    }
  }

  /**
   * {@code one-shot-body} sends the body from a stream that can be read once: the client cannot replay
   * it; {@code publisher-body} from a {@code Flow.Publisher} of the application's, as Spring's RestClient
   * and WebClient do ({@code BodyPublishers.fromPublisher}).
   */
  private static HttpRequest.BodyPublisher publisher(String how, String body) {
    if (how.equals("publisher-body")) {
      java.util.concurrent.SubmissionPublisher<java.nio.ByteBuffer> own = new java.util.concurrent.SubmissionPublisher<>();
      return HttpRequest.BodyPublishers.fromPublisher(subscriber -> {
        own.subscribe(subscriber);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // two pieces, as a serializer writing to a stream hands them over
        own.submit(java.nio.ByteBuffer.wrap(bytes, 0, bytes.length / 2));
        own.submit(java.nio.ByteBuffer.wrap(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
        own.close();
      });
    }
    if (!how.equals("one-shot-body")) {
      return HttpRequest.BodyPublishers.ofString(body);
    }
    InputStream once = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.ofInputStream(() -> once);
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
