package io.inferscope.agent.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkCallAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkHooks;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkStreamAdvice;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j 1.x (tested 1.19.0 with its OpenAI module): the provider-independent entry points,
 * so every chat, streaming-chat and embedding model is one logical call whatever the provider:
 * the default methods {@code ChatModel.chat(ChatRequest)}, {@code StreamingChatModel.chat(ChatRequest, handler)}
 * and {@code EmbeddingModel.embed}/{@code embedAll}. The convenience overloads call these; nested
 * calls are one call. Span attributes come from the HTTP exchanges underneath (LangChain4j's JDK
 * HttpClient transport).
 */
public final class LangChain4jInstrumentation implements LibraryInstrumentation {
  private static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  private static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  private static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";

  static final ElementMatcher<MethodDescription> CHAT =
      named("chat").and(takesArguments(1)).and(takesArgument(0, named("dev.langchain4j.model.chat.request.ChatRequest")))
          .and(isDefaultMethod());
  static final ElementMatcher<MethodDescription> STREAMING_CHAT =
      named("chat").and(isDefaultMethod())
          .and(takesArgument(0, named("dev.langchain4j.model.chat.request.ChatRequest")));
  static final ElementMatcher<MethodDescription> EMBED = namedOneOf("embed", "embedAll").and(takesArguments(1)).and(isDefaultMethod());

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    LlmSdkHooks.install();
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(CHAT_MODEL, declaresMethod(CHAT),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(CHAT))),
        new TypeTransformation(STREAMING_CHAT_MODEL, declaresMethod(STREAMING_CHAT),
            type -> type.visit(advice.to(LlmSdkStreamAdvice.class.getName()).on(STREAMING_CHAT))),
        new TypeTransformation(EMBEDDING_MODEL, declaresMethod(EMBED),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(EMBED))));
  }
}
