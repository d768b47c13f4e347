package io.inferscope.tests.apps;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An application calling an LLM endpoint with the JDK's {@code HttpURLConnection}, as older and
 * dependency-free integrations do, with no agent-specific code; the twin of {@link JdkHttpLlmApp}.
 * Usage: {@code UrlConnectionLlmApp URL HOW [JSON_BODY [THREADS CALLS]]}, sending the body (if any)
 * with POST and the API key in the Authorization, x-api-key and api-key headers. HOW is how the
 * application sends and reads:
 * <ul>
 *   <li>{@code whole}: the default buffered mode; {@code getResponseCode()}, then the body read
 *       whole with {@code readAllBytes};
 *   <li>{@code lines}: buffered, the body read line by line with a {@code BufferedReader} to its end;
 *   <li>{@code fixed}: {@code setFixedLengthStreamingMode}, the body read line by line;
 *   <li>{@code chunked}: {@code setChunkedStreamingMode(0)}, the body read line by line;
 *   <li>{@code connect-first}: an explicit {@code connect()} first, then as {@code whole};
 *   <li>{@code close-early}: the first line read, then the body's stream closed;
 *   <li>{@code disconnect-early}: the first line read, then {@code disconnect()};
 *   <li>{@code error}: {@code getInputStream()} (which throws for an error status), then the error
 *       body read whole from {@code getErrorStream()};
 *   <li>{@code abandon}: {@code getResponseCode()} only; the body neither read nor closed; waits 2 s;
 *   <li>{@code concurrent}: THREADS threads making CALLS {@code whole} calls each.
 * </ul>
 * Prints what it observed as {@code key=value} lines: the status, the SHA-256 of the body bytes it
 * read ({@code body.sha256}) and of the error body, the line count, a caught exception's class.
 */
public final class UrlConnectionLlmApp {
  private UrlConnectionLlmApp() {}

  public static void main(String[] args) throws Exception {
    URL url = new URL(args[0]);
    String how = args[1];
    byte[] body = args.length > 2 ? args[2].getBytes(StandardCharsets.UTF_8) : null;
    try {
      switch (how) {
        case "whole", "connect-first", "fixed" -> {
          HttpURLConnection connection = open(url, how, body);
          int status = connection.getResponseCode();
          byte[] bytes;
          try (InputStream in = connection.getInputStream()) {
            bytes = in.readAllBytes();
          }
          System.out.println("status=" + status);
          System.out.println("body.length=" + bytes.length);
          System.out.println("body.sha256=" + sha256(bytes));
          System.out.println("connection.class=" + connection.getClass().getName());
        }
        case "lines", "chunked" -> {
          HttpURLConnection connection = open(url, how, body);
          System.out.println("status=" + connection.getResponseCode());
          ByteArrayOutputStream read = new ByteArrayOutputStream();
          long lines = 0;
          try (BufferedReader reader = new BufferedReader(
              new java.io.InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
              read.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
              if (!line.isBlank()) {
                lines++;
              }
            }
          }
          System.out.println("lines=" + lines);
          System.out.println("body.sha256=" + sha256(read.toByteArray()));
        }
        case "close-early", "disconnect-early" -> {
          HttpURLConnection connection = open(url, how, body);
          System.out.println("status=" + connection.getResponseCode());
          InputStream in = connection.getInputStream();
          BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
          String first = reader.readLine();
          System.out.println("first.length=" + (first == null ? -1 : first.length()));
          if (how.equals("close-early")) {
            reader.close();
          } else {
            connection.disconnect();
          }
          System.out.println("closed=true");
        }
        case "error" -> {
          HttpURLConnection connection = open(url, how, body);
          try {
            connection.getInputStream();
            System.out.println("caught=none");
          } catch (IOException e) {
            System.out.println("caught=" + e.getClass().getName());
          }
          System.out.println("status=" + connection.getResponseCode());
          byte[] bytes;
          try (InputStream error = connection.getErrorStream()) {
            bytes = error.readAllBytes();
          }
          System.out.println("error.length=" + bytes.length);
          System.out.println("error.sha256=" + sha256(bytes));
        }
        case "abandon" -> {
          HttpURLConnection connection = open(url, how, body);
          System.out.println("status=" + connection.getResponseCode());
          Thread.sleep(2000);
          System.out.println("kept=" + connection.getURL().getPath());
        }
        case "concurrent" -> concurrent(url, body, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        default -> throw new IllegalArgumentException("unknown mode " + how);
      }
    } catch (IOException e) {
      System.out.println("caught=" + e.getClass().getName());
    }
    System.out.flush();
  }

  /** A connection with the request's headers set and its body (if any) written, the mode's way. */
  private static HttpURLConnection open(URL url, String how, byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(20_000);
    connection.setRequestProperty("Authorization", "Bearer " + JdkHttpLlmApp.API_KEY);
    connection.setRequestProperty("x-api-key", JdkHttpLlmApp.API_KEY);
    connection.setRequestProperty("api-key", JdkHttpLlmApp.API_KEY);
    String[] extra = ExtraHeader.fromProperty();
    if (extra != null) {
      connection.setRequestProperty(extra[0], extra[1]);
    }
    if (body == null) {
      return connection;
    }
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    if (how.equals("fixed")) {
      connection.setFixedLengthStreamingMode(body.length);
    } else if (how.equals("chunked")) {
      connection.setChunkedStreamingMode(0);
    } else if (how.equals("connect-first")) {
      connection.connect();
    }
    try (OutputStream out = connection.getOutputStream()) {
      // In two writes, as a serializer writing as it goes does.
      int half = body.length / 2;
      out.write(body, 0, half);
      out.write(body, half, body.length - half);
    }
    return connection;
  }

  private static void concurrent(URL url, byte[] body, int threads, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        int ok = 0;
        for (int c = 0; c < calls; c++) {
          HttpURLConnection connection = open(url, "whole", body);
          try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
          }
          if (connection.getResponseCode() == 200) {
            ok++;
          }
        }
        return ok;
      }));
    }
    int ok = 0;
    for (Future<Integer> result : results) {
      ok += result.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    System.out.println("ok=" + ok);
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
