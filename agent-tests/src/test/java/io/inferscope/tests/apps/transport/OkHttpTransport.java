package io.inferscope.tests.apps.transport;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * OkHttp: {@code execute()} with {@code body().bytes()} for whole answers, {@code body().source()}
 * read with {@code readUtf8Line()} for streams, {@code enqueue} for the asynchronous call. Compiled
 * against OkHttp 4; it uses only API that OkHttp 3.14 has with the same binary signatures, so the same
 * class runs on both.
 */
public final class OkHttpTransport implements LlmTransport {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client = new OkHttpClient.Builder()
      .connectTimeout(5, TimeUnit.SECONDS)
      .readTimeout(20, TimeUnit.SECONDS)
      .build();

  @Override
  public String library() {
    return LlmTransport.jarOf(OkHttpClient.class);
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException {
    try (Response response = client.newCall(request(url, headers, json)).execute()) {
      return new Answer(response.code(), response.body().bytes());
    }
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    Response response = client.newCall(request(url, headers, json)).execute();
    BufferedSource source = response.body().source();
    return new LineStream() {
      @Override
      public int status() {
        return response.code();
      }

      @Override
      public String readLine() throws IOException {
        return source.readUtf8Line();
      }

      @Override
      public void close() {
        response.close();
      }
    };
  }

  @Override
  public boolean hasAsync() {
    return true;
  }

  @Override
  public void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    client.newCall(request(url, headers, json)).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        Answer answer;
        try (response) {
          answer = new Answer(response.code(), response.body().bytes());
        } catch (IOException e) {
          callback.failed(e);
          return;
        }
        callback.answered(answer);
      }

      @Override
      public void onFailure(Call call, IOException e) {
        callback.failed(e);
      }
    });
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static Request request(String url, Map<String, String> headers, String json) {
    Request.Builder builder = new Request.Builder().url(url);
    headers.forEach(builder::header);
    // The (MediaType, String) overload exists in OkHttp 3 and 4 alike.
    return builder.post(RequestBody.create(JSON, json)).build();
  }
}
