package io.inferscope.agent.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.okhttp.OkHttpInstrumentation;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkCallAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkHooks;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkStreamAdvice;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OpenAI's openai-java 4.x (tested 4.101.0): chat completions, completions, embeddings and the
 * Responses API, blocking and async, plain and streaming. Each {@code create}/{@code createStreaming}
 * is one logical call: the SDK's retries are attempts of one GenAI span, whose attributes come from
 * the HTTP exchanges the OkHttp hook sees underneath.
 */
public final class OpenAiJavaInstrumentation implements LibraryInstrumentation {
  public static final String NAME = "openai-java";
  private static final List<String> SERVICES = List.of(
      "com.openai.services.blocking.chat.ChatCompletionServiceImpl",
      "com.openai.services.blocking.CompletionServiceImpl",
      "com.openai.services.blocking.EmbeddingServiceImpl",
      "com.openai.services.blocking.ResponseServiceImpl",
      "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
      "com.openai.services.async.CompletionServiceAsyncImpl",
      "com.openai.services.async.EmbeddingServiceAsyncImpl",
      "com.openai.services.async.ResponseServiceAsyncImpl");
  private static final String CLIENT_OPTIONS = "com.openai.core.ClientOptions";
  static final ElementMatcher<MethodDescription> CREATE = named("create").and(takesArguments(2));
  static final ElementMatcher<MethodDescription> STREAM_HANDLER_EXECUTOR =
      named("streamHandlerExecutor").and(takesArguments(0)).and(returns(Executor.class));
  static final ElementMatcher<MethodDescription> CREATE_STREAMING = named("createStreaming").and(takesArguments(2));

  /** Its calls' spans come from the HTTP exchanges of its transport's hook. */
  @Override
  public List<String> requires() {
    return List.of(OkHttpInstrumentation.NAME);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    LlmSdkHooks.install();
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    List<TypeTransformation> transformations = new ArrayList<>();
    for (String service : SERVICES) {
      transformations.add(new TypeTransformation(
          service,
          declaresMethod(CREATE),
          type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(CREATE))
              .visit(advice.to(LlmSdkStreamAdvice.class.getName()).on(CREATE_STREAMING))));
    }
    // Async stream handlers run on the SDK's own executor: it gets the call's context.
    transformations.add(new TypeTransformation(
        CLIENT_OPTIONS,
        declaresMethod(STREAM_HANDLER_EXECUTOR),
        type -> type.visit(advice.to(OpenAiAsyncStreamAdvice.class.getName()).on(STREAM_HANDLER_EXECUTOR))));
    return transformations;
  }
}
