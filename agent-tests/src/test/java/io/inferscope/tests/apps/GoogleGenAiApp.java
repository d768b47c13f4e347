package io.inferscope.tests.apps;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An application using Google's Gen AI SDK ({@code com.google.genai:google-genai}) as documented, with
 * no agent-specific code; its base URL pointed at the fake server through {@code HttpOptions}. Usage:
 * {@code GoogleGenAiApp BASE_URL gemini|vertex MODEL ATTEMPTS MODE[,MODE...] [EMBED_MODEL [ASYNC_MODEL]]}; the
 * embed modes ask for EMBED_MODEL, {@code async} and {@code async-stream} for ASYNC_MODEL, the others for MODEL; the modes run in order
 * on one client: {@code generate}, {@code stream} (read whole), {@code stream-close} (closed after the
 * first chunk), {@code embed} (two texts), {@code async} and {@code async-stream} (their continuations
 * make one more LLM call), {@code async-embed}. Prints what it observed as {@code mode.key=value} lines;
 * an API error as {@code mode.caught=class:status}. ATTEMPTS is the SDK's retry option (1: no retry).
 */
public final class GoogleGenAiApp {
  private GoogleGenAiApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    boolean vertex = args[1].equals("vertex");
    String model = args[2];
    int attempts = Integer.parseInt(args[3]);
    String embedModel = args.length > 5 ? args[5] : model;
    String asyncModel = args.length > 6 ? args[6] : model;
    HttpOptions http = HttpOptions.builder().baseUrl(baseUrl)
        .retryOptions(HttpRetryOptions.builder().attempts(attempts).initialDelay(0.01).maxDelay(0.05).jitter(0.0).build())
        .build();
    // Vertex AI with an API key is its express mode: no project, no OAuth.
    Client client = Client.builder().apiKey(JdkHttpLlmApp.API_KEY).vertexAI(vertex).httpOptions(http).build();
    GenerateContentConfig config = GenerateContentConfig.builder().maxOutputTokens(64).temperature(0.5f).build();
    try {
      for (String mode : args[4].split(",")) {
        try {
          String asked = mode.contains("embed") ? embedModel : mode.startsWith("async") ? asyncModel : model;
          run(client, mode, asked, config, baseUrl);
        } catch (ApiException e) {
          System.out.println(mode + ".caught=" + e.getClass().getName() + ":" + e.code());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          System.out.println(mode + ".caught=" + cause.getClass().getName()
              + (cause instanceof ApiException api ? ":" + api.code() : ""));
        }
      }
    } finally {
      client.close();
    }
  }

  private static void run(Client client, String mode, String model, GenerateContentConfig config, String baseUrl) throws Exception {
    switch (mode) {
      case "generate" -> {
        GenerateContentResponse response = client.models.generateContent(model, "Say hello", config);
        System.out.println(mode + ".content=" + response.text());
      }
      case "stream" -> {
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "Say hello", config)) {
          for (GenerateContentResponse chunk : stream) {
            text.append(chunk.text());
            chunks++;
          }
        }
        System.out.println(mode + ".content=" + text);
        System.out.println(mode + ".chunks=" + chunks);
      }
      case "stream-close" -> {
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "Say hello", config)) {
          Iterator<GenerateContentResponse> chunks = stream.iterator();
          System.out.println(mode + ".first=" + chunks.next().text());
        }
      }
      case "embed" -> {
        EmbedContentResponse response = client.models.embedContent(model, List.of("first text", "second text"), null);
        System.out.println(mode + ".dimension=" + dimension(response));
      }
      case "async" -> {
        String seen = client.async.models.generateContent(model, "Say hello", config)
            .thenApply(response -> response.text() + ":" + LlmCallback.embed(baseUrl))
            .get(30, TimeUnit.SECONDS);
        System.out.println(mode + ".seen=" + seen);
      }
      case "async-stream" -> {
        String seen = client.async.models.generateContentStream(model, "Say hello", config)
            .thenApply(stream -> {
              StringBuilder text = new StringBuilder();
              try (stream) {
                for (GenerateContentResponse chunk : stream) {
                  text.append(chunk.text());
                }
              }
              return text + ":" + LlmCallback.embed(baseUrl);
            })
            .get(30, TimeUnit.SECONDS);
        System.out.println(mode + ".seen=" + seen);
      }
      case "async-embed" -> {
        EmbedContentResponse response = client.async.models.embedContent(model, "one text", null).get(30, TimeUnit.SECONDS);
        System.out.println(mode + ".dimension=" + dimension(response));
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static int dimension(EmbedContentResponse response) {
    List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
    return embeddings.isEmpty() ? -1 : embeddings.get(0).values().orElse(List.of()).size();
  }
}
