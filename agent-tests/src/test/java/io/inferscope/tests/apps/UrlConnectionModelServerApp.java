package io.inferscope.tests.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * {@link JdkModelServerApp} with the JDK's {@link HttpURLConnection}: the same arguments and output,
 * each body written to the connection's output stream and the answer read whole from its input stream
 * (the error stream for an error status).
 */
public final class UrlConnectionModelServerApp {
  private UrlConnectionModelServerApp() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 2 < args.length; i += 3) {
      int call = i / 3;
      try {
        HttpURLConnection connection = (HttpURLConnection) new URL(args[i + 1]).openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(20000);
        connection.setRequestMethod(args[i]);
        if (!args[i + 2].equals("-")) {
          connection.setDoOutput(true);
          connection.setRequestProperty("Content-Type", "application/json");
          try (OutputStream out = connection.getOutputStream()) {
            out.write(args[i + 2].getBytes(StandardCharsets.UTF_8));
          }
        }
        int status = connection.getResponseCode();
        byte[] body;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
          body = in == null ? new byte[0] : in.readAllBytes();
        }
        System.out.println(call + ".status=" + status);
        System.out.println(call + ".length=" + body.length);
        System.out.println(call + ".sha256=" + JdkModelServerApp.sha256(body));
      } catch (Exception e) {
        System.out.println(call + ".caught=" + e.getClass().getName());
      }
    }
  }
}
