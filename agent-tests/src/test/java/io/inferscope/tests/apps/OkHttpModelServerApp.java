package io.inferscope.tests.apps;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@link JdkModelServerApp} with OkHttp 4: the same arguments and output, each call {@code execute()}d
 * and its body read with {@code bytes()} (OkHttp asks for gzip and unzips it for the application).
 * Exits once OkHttp's threads are stopped.
 */
public final class OkHttpModelServerApp {
  private static final MediaType JSON = MediaType.get("application/json");

  private OkHttpModelServerApp() {}

  public static void main(String[] args) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false).build();
    try {
      for (int i = 0; i + 2 < args.length; i += 3) {
        int call = i / 3;
        RequestBody body = args[i + 2].equals("-") ? null : RequestBody.create(args[i + 2], JSON);
        Request request = new Request.Builder().url(args[i + 1]).method(args[i], body).build();
        try (Response response = client.newCall(request).execute()) {
          byte[] bytes = response.body().bytes();
          System.out.println(call + ".status=" + response.code());
          System.out.println(call + ".length=" + bytes.length);
          System.out.println(call + ".sha256=" + JdkModelServerApp.sha256(bytes));
        } catch (Exception e) {
          System.out.println(call + ".caught=" + e.getClass().getName());
        }
      }
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
