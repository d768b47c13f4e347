package io.inferscope.agent.instrumentation.googlegenai;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkCallAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkHooks;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkStreamAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkStreamFutureAdvice;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Google's Gen AI SDK, {@code com.google.genai:google-genai} 1.x and 2.x (tested 1.28.0 and 2.3.0;
 * OkHttp transport, its retries an OkHttp interceptor), for the Gemini API and Vertex AI alike.
 *
 * <p>Hooked one level below the public methods, at the package-private {@code privateGenerateContent},
 * {@code privateGenerateContentStream} and {@code privateEmbedContent} of {@code Models} and
 * {@code AsyncModels}: each is exactly one model request (all the public overloads, {@code Chat}
 * sessions included, end in them), its retries attempts of one span. The public methods can make
 * several model requests: automatic function calling sends the function's result back to the model, and
 * 2.x automatic continuation sends a stopped response's continuation token; each such request is then
 * a span of its own with its own usage, where one span for the public call would report only the last
 * request's tokens.
 *
 * <p>The spans' attributes come from the HTTP exchanges the OkHttp hook sees underneath. A blocking
 * stream's span ends with the {@code ResponseStream} (read to its end, closed early, or abandoned);
 * an async stream's with the stream its future completes with; an async call's future is replaced by
 * one completing in the call's context.
 */
public final class GoogleGenAiInstrumentation implements LibraryInstrumentation {
  public static final String NAME = "google-genai";

  private static final String MODELS = "com.google.genai.Models";
  private static final String ASYNC_MODELS = "com.google.genai.AsyncModels";

  static final ElementMatcher<MethodDescription> CALLS = namedOneOf("privateGenerateContent", "privateEmbedContent");
  static final ElementMatcher<MethodDescription> STREAM = named("privateGenerateContentStream");

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
    return List.of(
        new TypeTransformation(MODELS, declaresMethod(CALLS).and(declaresMethod(STREAM)),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(CALLS))
                .visit(advice.to(LlmSdkStreamAdvice.class.getName()).on(STREAM))),
        new TypeTransformation(ASYNC_MODELS, declaresMethod(CALLS).and(declaresMethod(STREAM)),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(CALLS))
                .visit(advice.to(LlmSdkCallAdvice.class.getName(), LlmSdkStreamFutureAdvice.class.getName()).on(STREAM))));
  }
}
