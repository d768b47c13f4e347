package io.inferscope.tests.apps;

import io.inferscope.tests.apps.transport.TransportSuiteApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x application streaming chat answers the ways Vert.x applications do, with no agent-specific
 * code. Usage: {@code VertxLlmApp BASE_URL CASE...}; prints {@code CASE.key=value} lines.
 * <ul>
 *   <li>{@code handler}: the core {@code HttpClient}, the SSE body pushed to {@code response.handler}
 *       (flowing, never paused); the first chunk's handler makes an LLM call ({@code in-handler}), and once
 *       the end handler has returned, a later task on the same event loop makes another
 *       ({@code after-handler}). Also prints whether the application's request headers gained a traceparent.
 *   <li>{@code pipe}: the web client's {@code as(BodyCodec.pipe(file))}, the SSE body streamed into a file;
 *       the response future's handler makes an LLM call ({@code after-pipe}) and a web client call
 *       ({@code gpt-4o-mini:nested}).
 *   <li>{@code own-traceparent}: the web client with the application's own traceparent header.
 * </ul>
 */
public final class VertxLlmApp {
  /** The traceparent the application sends itself in {@code own-traceparent}. */
  public static final String OWN_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String CHAT = "/v1/chat/completions";

  private VertxLlmApp() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    HttpClient core = (HttpClient) Vertx.class.getMethod("createHttpClient").invoke(vertx); // 5.0 returns an HttpClientAgent
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "handler" -> handler(vertx, core, base);
          case "pipe" -> pipe(vertx, web, base);
          case "own-traceparent" -> ownTraceparent(web, base);
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } finally {
      web.close();
      vertx.close();
    }
    System.out.flush();
    System.exit(0);
  }

  static String stream(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  }

  private static void handler(Vertx vertx, HttpClient core, String base) throws Exception {
    CountDownLatch done = new CountDownLatch(2);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + CHAT);
    HttpClientRequest[] sent = new HttpClientRequest[1];
    core.request(options)
        .compose(request -> {
          sent[0] = request;
          request.putHeader("Content-Type", "application/json");
          return request.send(Buffer.buffer(stream("gpt-4o-mini:handler")));
        })
        .onComplete(result -> {
          if (result.failed()) {
            print("handler", "failed", result.cause());
            done.countDown();
            done.countDown();
            return;
          }
          print("handler", "status", result.result().statusCode());
          result.result().handler(chunk -> {
            if (body.size() == 0) {
              print("handler", "in-handler", LlmCallback.embed(base, "in-handler"));
            }
            body.writeBytes(chunk.getBytes());
          });
          result.result().endHandler(end -> {
            print("handler", "bytes.length", body.size());
            print("handler", "bytes.sha256", TransportSuiteApp.sha256(body.toByteArray()));
            print("handler", "thread", Thread.currentThread().getName());
            done.countDown();
            // A later task on this event loop: nothing of the call may still be current there.
            vertx.runOnContext(later -> {
              print("handler", "after-handler.thread", Thread.currentThread().getName());
              print("handler", "after-handler", LlmCallback.embed(base, "after-handler"));
              done.countDown();
            });
          });
        });
    await(done, "handler");
    print("handler", "request.traceparent", sent[0] == null ? "none" : sent[0].headers().get("traceparent"));
  }

  private static void pipe(Vertx vertx, WebClient web, String base) throws Exception {
    Path file = Files.createTempFile("vertx-pipe", ".sse");
    AsyncFile out = vertx.fileSystem().openBlocking(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true));
    CountDownLatch done = new CountDownLatch(1);
    web.postAbs(base + CHAT)
        .putHeader("Content-Type", "application/json")
        .as(BodyCodec.pipe(out))
        .sendBuffer(Buffer.buffer(stream("gpt-4o-mini:pipe")))
        .onComplete(result -> {
          if (result.failed()) {
            print("pipe", "failed", result.cause());
            done.countDown();
            return;
          }
          print("pipe", "status", result.result().statusCode());
          print("pipe", "after-pipe", LlmCallback.embed(base, "after-pipe"));
          // A web client call made here: its span is the pipe call's child.
          web.postAbs(base + CHAT).putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{\"model\":\"gpt-4o-mini:nested\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
              .onComplete(nested -> {
                print("pipe", "nested", nested.succeeded() ? nested.result().statusCode() : nested.cause());
                done.countDown();
              });
        });
    await(done, "pipe");
    byte[] bytes = Files.readAllBytes(file);
    print("pipe", "bytes.length", bytes.length);
    print("pipe", "bytes.sha256", TransportSuiteApp.sha256(bytes));
    Files.deleteIfExists(file);
  }

  private static void ownTraceparent(WebClient web, String base) throws Exception {
    int status = web.postAbs(base + CHAT)
        .putHeader("Content-Type", "application/json")
        .putHeader("traceparent", OWN_TRACEPARENT)
        .sendBuffer(Buffer.buffer("{\"model\":\"gpt-4o-mini:own-traceparent\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
    print("own-traceparent", "status", status);
  }

  private static void await(CountDownLatch done, String name) throws InterruptedException {
    if (!done.await(30, TimeUnit.SECONDS)) {
      print(name, "timeout", true);
    }
  }

  private static void print(String name, String key, Object value) {
    System.out.println(name + "." + key + "=" + value);
  }
}
