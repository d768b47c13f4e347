package io.inferscope.agent.instrumentation.awsbedrock;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkCallAdvice;
import io.inferscope.agent.instrumentation.llmsdk.LlmSdkHooks;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * AWS Bedrock Runtime through the AWS SDK for Java 2.x (tested 2.40.2 and 2.59.1): {@code converse},
 * {@code invokeModel} (sync and async) and {@code converseStream}, {@code invokeModelWithResponseStream}
 * (async), each one logical call whose retries are attempts of one GenAI span. The sync client's
 * attempts are the HTTP exchanges its transport's hook sees (Apache HttpClient 4.5 or 5, or
 * {@code HttpURLConnection}); the async client's are read from the SDK's own per-execution response
 * handler, whatever async HTTP client it runs on (Netty by default, which no other hook covers).
 */
public final class AwsBedrockInstrumentation implements LibraryInstrumentation {
  public static final String NAME = "aws-bedrock";

  private static final String PACKAGE = "software.amazon.awssdk.services.bedrockruntime.";
  private static final String RESPONSE_HANDLER =
      "software.amazon.awssdk.core.internal.http.async.AsyncAfterTransmissionInterceptorCallingResponseHandler";

  static final ElementMatcher<MethodDescription> SYNC_CALLS =
      namedOneOf("converse", "invokeModel").and(takesArguments(1)).and(takesArgument(0, named(PACKAGE + "model.ConverseRequest"))
          .or(takesArgument(0, named(PACKAGE + "model.InvokeModelRequest"))));
  static final ElementMatcher<MethodDescription> ASYNC_CALLS =
      namedOneOf("converse", "invokeModel", "converseStream", "invokeModelWithResponseStream")
          .and(returns(CompletableFuture.class)).and(takesArgument(0, named(PACKAGE + "model.ConverseRequest"))
              .or(takesArgument(0, named(PACKAGE + "model.InvokeModelRequest")))
              .or(takesArgument(0, named(PACKAGE + "model.ConverseStreamRequest")))
              .or(takesArgument(0, named(PACKAGE + "model.InvokeModelWithResponseStreamRequest"))));
  static final ElementMatcher<MethodDescription> HANDLER_CREATED =
      isConstructor().and(takesArguments(2)).and(takesArgument(1, named("software.amazon.awssdk.core.http.ExecutionContext")));
  static final ElementMatcher<MethodDescription> ON_HEADERS = named("onHeaders").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> ON_STREAM = named("onStream").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> ON_ERROR =
      named("onError").and(takesArguments(1)).and(takesArgument(0, Throwable.class));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    LlmSdkHooks.install();
    AwsSdkHooks.install(openTelemetry, agentVersion);
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(PACKAGE + "DefaultBedrockRuntimeClient", declaresMethod(SYNC_CALLS),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(SYNC_CALLS))),
        new TypeTransformation(PACKAGE + "DefaultBedrockRuntimeAsyncClient", declaresMethod(ASYNC_CALLS),
            type -> type.visit(advice.to(LlmSdkCallAdvice.class.getName()).on(ASYNC_CALLS))),
        new TypeTransformation(RESPONSE_HANDLER,
            declaresMethod(HANDLER_CREATED).and(declaresMethod(ON_HEADERS)).and(declaresMethod(ON_STREAM))
                .and(declaresMethod(ON_ERROR)),
            type -> StateField.add(type)
                .visit(advice.to(AsyncHandlerCreatedAdvice.class.getName()).on(HANDLER_CREATED))
                .visit(advice.to(AsyncHeadersAdvice.class.getName()).on(ON_HEADERS))
                .visit(advice.to(AsyncStreamAdvice.class.getName()).on(ON_STREAM))
                .visit(advice.to(AsyncErrorAdvice.class.getName()).on(ON_ERROR))));
  }
}
