package io.inferscope.tests.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application using OpenAI's openai-java SDK as documented, with no agent-specific code. Usage:
 * {@code OpenAiSdkApp BASE_URL MODE MODEL [MAX_RETRIES]}; MODE is {@code chat}, {@code stream},
 * {@code async} (the continuation makes one more LLM call), {@code async-stream} (a streaming
 * handler whose completion makes one more LLM call), {@code embeddings}, {@code completions} (legacy) or
 * {@code responses}.
 * Prints what it observed as {@code key=value} lines.
 */
public final class OpenAiSdkApp {
  private OpenAiSdkApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String mode = args[1];
    String model = args[2];
    int retries = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl + "/v1").apiKey(JdkHttpLlmApp.API_KEY).maxRetries(retries).build();
    ChatCompletionCreateParams.Builder chat = ChatCompletionCreateParams.builder()
        .model(model).addUserMessage("Say hello").temperature(0.2).maxCompletionTokens(64L);
    try {
      switch (mode) {
        case "chat" -> {
          ChatCompletion completion = client.chat().completions().create(chat.build());
          System.out.println("content=" + completion.choices().get(0).message().content().orElse(""));
        }
        case "stream" -> {
          ChatCompletionCreateParams params =
              chat.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
          int chunks = 0;
          try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = (int) stream.stream().count();
          }
          System.out.println("chunks=" + chunks);
        }
        case "async-stream" -> {
          ChatCompletionCreateParams params =
              chat.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
          int[] chunks = {0};
          CompletableFuture<String> callback = new CompletableFuture<>();
          client.async().chat().completions().createStreaming(params).subscribe(new AsyncStreamResponse.Handler<>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
              chunks[0]++;
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
              callback.complete(error.map(Throwable::toString).orElse("ok") + ":" + LlmCallback.embed(baseUrl));
            }
          });
          System.out.println("completed=" + callback.get(30, TimeUnit.SECONDS));
          System.out.println("chunks=" + chunks[0]);
        }
        case "async" -> {
          String seen = client.async().chat().completions().create(chat.build())
              .thenApply(completion -> completion.id() + ":" + LlmCallback.embed(baseUrl))
              .get(30, TimeUnit.SECONDS);
          System.out.println("async=" + seen);
        }
        case "embeddings" -> {
          CreateEmbeddingResponse response = client.embeddings()
              .create(EmbeddingCreateParams.builder().model(model).input("hello").build());
          System.out.println("embeddings=" + response.data().size());
        }
        case "completions" -> {
          Completion completion = client.completions().create(CompletionCreateParams.builder().model(model).prompt("Say hello").build());
          System.out.println("completion=" + completion.id());
        }
        case "responses" -> {
          Response response = client.responses().create(ResponseCreateParams.builder().model(model).input("Say hello").build());
          System.out.println("response=" + response.id());
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    } catch (OpenAIException e) {
      System.out.println("caught=" + e.getClass().getName());
    } finally {
      client.close();
    }
  }
}
