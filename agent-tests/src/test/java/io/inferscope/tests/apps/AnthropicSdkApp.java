package io.inferscope.tests.apps;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application using Anthropic's anthropic-java SDK as documented (its default OkHttp transport),
 * with no agent-specific code. Usage: {@code AnthropicSdkApp BASE_URL MODE MODEL [MAX_RETRIES]}; MODE
 * is {@code chat}, {@code stream}, {@code async} (the continuation makes one more LLM call) or
 * {@code async-stream} (a streaming handler whose completion makes one more LLM call). Prints what it
 * observed as {@code key=value} lines.
 */
public final class AnthropicSdkApp {
  private AnthropicSdkApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String mode = args[1];
    String model = args[2];
    int retries = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    AnthropicClient client = AnthropicOkHttpClient.builder()
        .baseUrl(baseUrl).apiKey(JdkHttpLlmApp.API_KEY).maxRetries(retries).build();
    MessageCreateParams params = MessageCreateParams.builder().model(model).maxTokens(64L).addUserMessage("Say hello").build();
    try {
      switch (mode) {
        case "chat" -> {
          Message message = client.messages().create(params);
          System.out.println("content=" + message.content().get(0).text().map(t -> t.text()).orElse(""));
        }
        case "stream" -> {
          int events;
          try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            events = (int) stream.stream().count();
          }
          System.out.println("events=" + events);
        }
        case "async" -> {
          String seen = client.async().messages().create(params)
              .thenApply(message -> message.id() + ":" + LlmCallback.embed(baseUrl))
              .get(30, TimeUnit.SECONDS);
          System.out.println("async=" + seen);
        }
        case "async-stream" -> {
          int[] events = {0};
          CompletableFuture<String> callback = new CompletableFuture<>();
          client.async().messages().createStreaming(params).subscribe(new AsyncStreamResponse.Handler<>() {
            @Override
            public void onNext(RawMessageStreamEvent event) {
              events[0]++;
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
              callback.complete(error.map(Throwable::toString).orElse("ok") + ":" + LlmCallback.embed(baseUrl));
            }
          });
          System.out.println("completed=" + callback.get(30, TimeUnit.SECONDS));
          System.out.println("events=" + events[0]);
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    } catch (AnthropicException e) {
      System.out.println("caught=" + e.getClass().getName());
    } finally {
      client.close();
    }
  }
}
