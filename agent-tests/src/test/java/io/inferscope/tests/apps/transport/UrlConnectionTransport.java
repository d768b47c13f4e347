package io.inferscope.tests.apps.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JDK's {@code HttpURLConnection}: the body written through {@code getOutputStream()}, the answer
 * read from {@code getInputStream()}, or from {@code getErrorStream()} for an error status (where
 * {@code getInputStream()} throws), as applications and older SDKs do. No asynchronous API.
 */
public final class UrlConnectionTransport implements LlmTransport {
  @Override
  public String library() {
    return HttpURLConnection.class.getModule().getName();
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException {
    HttpURLConnection connection = send(url, headers, json);
    int status = connection.getResponseCode();
    try (InputStream in = body(connection, status)) {
      return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
    }
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    HttpURLConnection connection = send(url, headers, json);
    int status = connection.getResponseCode();
    InputStream in = body(connection, status);
    BufferedReader reader = in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new LineStream() {
      @Override
      public int status() {
        return status;
      }

      @Override
      public String readLine() throws IOException {
        return reader == null ? null : reader.readLine();
      }

      @Override
      public void close() throws IOException {
        if (reader != null) {
          reader.close();
        }
      }
    };
  }

  @Override
  public void close() {
    // Nothing held: keep-alive connections are the JDK's and end with the JVM.
  }

  private static HttpURLConnection send(String url, Map<String, String> headers, String json) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(20_000);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    headers.forEach(connection::setRequestProperty);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return connection;
  }

  private static InputStream body(HttpURLConnection connection, int status) throws IOException {
    return status >= 400 ? connection.getErrorStream() : connection.getInputStream();
  }
}
