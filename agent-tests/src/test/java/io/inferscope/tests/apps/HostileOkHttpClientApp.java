package io.inferscope.tests.apps;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Calls a hostile LLM server through OkHttp 4 from many threads (see {@link HostileCalls}); OkHttp
 * asks for gzip and inflates transparently, as it does by default. Usage:
 * {@code HostileOkHttpClientApp URL MODEL THREADS CALLS MAX_BYTES}.
 */
public final class HostileOkHttpClientApp {
  private HostileOkHttpClientApp() {}

  public static void main(String[] args) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS).build();
    Request request = new Request.Builder().url(args[0])
        .post(RequestBody.create(MediaType.get("application/json"),
            "{\"model\":\"" + args[1] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HostileCalls.run(() -> client.newCall(request).execute().body().byteStream(),
        Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
  }
}
