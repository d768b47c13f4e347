package io.inferscope.agent.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkCallAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkFluxAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkHooks;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI 1.x (tested 1.0.0 and 1.1.2, OpenAI module): {@code ChatModel.call(Prompt)},
 * {@code StreamingChatModel.stream(Prompt)} and {@code EmbeddingModel.call(EmbeddingRequest)} of each
 * hooked model class are one logical call each, Spring AI's retries (spring-retry, around the HTTP
 * request) included. The convenience overloads ({@code call(String)}, {@code embed(...)},
 * {@code ChatClient}) end in these. Spring AI's interfaces declare these methods abstract, so the
 * implementing classes are hooked by name. The span's attributes come from the HTTP exchanges
 * underneath: Spring's {@code RestClient} and {@code WebClient}, on the JDK HttpClient when Spring AI's
 * own dependencies are all there is. A stream's {@code Flux} is subscribed in the call's context
 * ({@link LlmSdkFluxAdvice}), whatever transport it sends through.
 */
public final class SpringAiInstrumentation implements LibraryInstrumentation {
  public static final String NAME = "spring-ai";
  private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
  private static final String EMBEDDING_REQUEST = "org.springframework.ai.embedding.EmbeddingRequest";
  /** Chat models: {@code call(Prompt)} and {@code stream(Prompt)}. */
  private static final List<String> CHAT_MODELS = List.of("org.springframework.ai.openai.OpenAiChatModel");
  /** Embedding models: {@code call(EmbeddingRequest)}. */
  private static final List<String> EMBEDDING_MODELS = List.of("org.springframework.ai.openai.OpenAiEmbeddingModel");

  static final ElementMatcher<MethodDescription> CALL =
      named("call").and(takesArguments(1)).and(takesArgument(0, named(PROMPT))).and(not(isAbstract()));
  static final ElementMatcher<MethodDescription> STREAM =
      named("stream").and(takesArguments(1)).and(takesArgument(0, named(PROMPT)))
          .and(returns(named("reactor.core.publisher.Flux"))).and(not(isAbstract()));
  static final ElementMatcher<MethodDescription> EMBED =
      named("call").and(takesArguments(1)).and(takesArgument(0, named(EMBEDDING_REQUEST))).and(not(isAbstract()));

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
    List<TypeTransformation> transformations = new java.util.ArrayList<>();
    for (String chatModel : CHAT_MODELS) {
      transformations.add(new TypeTransformation(chatModel, declaresMethod(CALL).and(declaresMethod(STREAM)),
          type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(CALL))
              .visit(advice.to(LlmSdkFluxAdvice.class.getName()).on(STREAM))));
    }
    for (String embeddingModel : EMBEDDING_MODELS) {
      transformations.add(new TypeTransformation(embeddingModel, declaresMethod(EMBED),
          type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(EMBED))));
    }
    return transformations;
  }
}
