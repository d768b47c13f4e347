package io.inferscope.agent.instrumentation.openai;

import io.inferscope.agent.instrumentation.llmsdk.StainlessSdkInstrumentation;
import java.util.List;

/**
 * OpenAI's openai-java 4.x (tested 4.101.0): chat completions, completions, embeddings and the
 * Responses API, blocking and async, plain and streaming, each {@code create}/{@code createStreaming}
 * one logical call.
 */
public final class OpenAiJavaInstrumentation extends StainlessSdkInstrumentation {
  public static final String NAME = "openai-java";

  public OpenAiJavaInstrumentation() {
    super(NAME, List.of(
        "com.openai.services.blocking.chat.ChatCompletionServiceImpl",
        "com.openai.services.blocking.CompletionServiceImpl",
        "com.openai.services.blocking.EmbeddingServiceImpl",
        "com.openai.services.blocking.ResponseServiceImpl",
        "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
        "com.openai.services.async.CompletionServiceAsyncImpl",
        "com.openai.services.async.EmbeddingServiceAsyncImpl",
        "com.openai.services.async.ResponseServiceAsyncImpl"),
        "com.openai.core.ClientOptions");
  }
}
