package io.inferscope.tests.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * An application calling an LLM endpoint with OkHttp 4 (the transport of openai-java), with no
 * agent-specific code; the OkHttp twin of {@link JdkHttpLlmApp}. Usage:
 * {@code OkHttpLlmApp URL HOW [JSON_BODY]}, sending the body (if any) with POST and the API key in
 * the Authorization, x-api-key and api-key headers. HOW is how the application reads the response:
 * <ul>
 *   <li>{@code string}: {@code execute()}, {@code body().string()};
 *   <li>{@code async}: {@code enqueue} with a callback that reads {@code body().string()}, prints
 *       its thread's name and makes one more LLM call (embeddings, over the JDK HttpClient);
 *   <li>{@code exact}: {@code execute()}, exactly Content-Length bytes read from
 *       {@code byteStream()}, then closed without reading the end, as a JSON parser (Jackson, used
 *       by openai-java) does: it stops at the closing brace;
 *   <li>{@code one-shot-body}: {@code execute()} with a body that can be written once only
 *       ({@code isOneShot}), the answer read with {@code string()};
 *   <li>{@code twice}: {@code execute()}, then (an application bug) {@code execute()} again on the
 *       same call, which OkHttp rejects, then the first response read with {@code string()}.
 * </ul>
 * Prints what it observed as {@code key=value} lines, and exits once OkHttp's threads are stopped.
 * Streams, early closes and abandoned bodies on OkHttp are the transport suite's
 * ({@code apps/transport/TransportSuiteApp}).
 */
public final class OkHttpLlmApp {
  private static final MediaType JSON = MediaType.get("application/json");

  private OkHttpLlmApp() {}

  public static void main(String[] args) throws Exception {
    call(args);
    System.out.flush();
    // OkHttp's dispatcher threads are not daemons; whatever else is left must not hold the JVM.
    System.exit(0);
  }

  /** The call {@link #main} makes, leaving the JVM running (for {@link OkHttpLlmSequenceApp}). */
  static void call(String[] args) throws Exception {
    String url = args[0];
    String how = args[1];
    OkHttpClient client = new OkHttpClient.Builder()
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(20, TimeUnit.SECONDS)
        .build();
    Request.Builder builder = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + JdkHttpLlmApp.API_KEY)
        .header("x-api-key", JdkHttpLlmApp.API_KEY)
        .header("api-key", JdkHttpLlmApp.API_KEY);
    String[] extra = ExtraHeader.fromProperty();
    if (extra != null) {
      builder.header(extra[0], extra[1]);
    }
    // The (MediaType, String) overload exists in OkHttp 3 and 4, so the same app runs on both.
    Request request = args.length > 2 ? builder.post(body(how, args[2])).build() : builder.get().build();
    System.out.println("okhttp.jar=" + Path.of(OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName());
    try {
      switch (how) {
        case "string" -> {
          try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            System.out.println("status=" + response.code());
            System.out.println("body.length=" + body.length());
            System.out.println("body.sha256=" + sha256(body.getBytes(StandardCharsets.UTF_8)));
            // What the application's own objects say of the trace headers the agent writes on the wire.
            System.out.println("response.request.traceparent=" + response.request().header("traceparent"));
          }
        }
        case "async" -> async(client, request);
        case "one-shot-body" -> {
          try (Response response = client.newCall(request).execute()) {
            System.out.println("status=" + response.code());
            System.out.println("body.length=" + response.body().string().length());
          }
        }
        case "exact" -> {
          try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            long length = body.contentLength();
            InputStream in = body.byteStream();
            byte[] bytes = in.readNBytes((int) length);
            in.close();
            System.out.println("status=" + response.code());
            System.out.println("content.length=" + length);
            System.out.println("body.length=" + bytes.length);
          }
        }
        case "twice" -> {
          Call call = client.newCall(request);
          try (Response response = call.execute()) {
            try {
              call.execute();
              System.out.println("second=executed");
            } catch (IllegalStateException e) {
              System.out.println("second=" + e.getMessage());
            }
            String body = response.body().string();
            System.out.println("status=" + response.code());
            System.out.println("body.length=" + body.length());
          }
        }
        default -> throw new IllegalArgumentException("unknown mode " + how);
      }
    } catch (IOException e) {
      System.out.println("caught=" + e.getClass().getName());
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * The request body; for {@code one-shot-body} one that says it can be written once only (a stream
   * the application cannot replay), so nobody but OkHttp may write it.
   */
  private static RequestBody body(String how, String json) {
    if (!how.equals("one-shot-body")) {
      return RequestBody.create(JSON, json);
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int[] writes = {0};
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        if (++writes[0] > 1) {
          throw new IOException("a one-shot body written twice");
        }
        sink.write(bytes);
      }
    };
  }

  private static void async(OkHttpClient client, Request request) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    System.out.println("caller.thread=" + Thread.currentThread().getName());
    client.newCall(request).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          String body = response.body().string();
          System.out.println("callback.thread=" + Thread.currentThread().getName());
          System.out.println("status=" + response.code());
          System.out.println("body.length=" + body.length());
          HttpUrl url = call.request().url();
          System.out.println("callback.embeddings=" + LlmCallback.embed(url.scheme() + "://" + url.host() + ":" + url.port()));
        } catch (IOException e) {
          System.out.println("caught=" + e.getClass().getName());
        } finally {
          done.countDown();
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        System.out.println("callback.thread=" + Thread.currentThread().getName());
        System.out.println("caught=" + e.getClass().getName());
        done.countDown();
      }
    });
    if (!done.await(30, TimeUnit.SECONDS)) {
      System.out.println("callback=missing");
    }
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
