package io.inferscope.agent.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.http.HttpClientInstrumentation;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OkHttp 3.14 and 4.x (tested 3.14.9 and 4.12.0, the transport of openai-java): calls to known LLM endpoints get a GenAI
 * span. Hooks: {@code RealCall.execute}/{@code enqueue} start the exchange on the caller's thread,
 * {@code getResponseWithInterceptorChain} reports status or failure, {@code AsyncCall.run} carries the
 * context to the dispatcher thread, the {@code Exchange} takes its call's state and writes the call's trace
 * headers with each attempt's request, and the response body's
 * source reports bytes, end and close.
 * The agent's own OkHttp (its OTLP exporter) lives in the agent's loader and is never hooked.
 *
 * <p>The OkHttp types this package names are the application's. The build relocates the agent's own
 * OkHttp but keeps this package's names (see agent/pom.xml), and the advice binds OkHttp values as
 * {@code Object} and casts them in its body: Byte Buddy resolves an advice's parameter types in the
 * agent's loader, which has no {@code okhttp3.Request}; the body is only resolved once inlined into
 * the application's OkHttp, against its own classes.
 */
public final class OkHttpInstrumentation implements HttpClientInstrumentation {
  public static final String NAME = "okhttp";
  // OkHttp 4.x (Kotlin) moved the call classes into internal.connection; 3.14 has them in okhttp3.
  private static final List<String> REAL_CALLS = List.of("okhttp3.internal.connection.RealCall", "okhttp3.RealCall");
  private static final List<String> ASYNC_CALLS =
      List.of("okhttp3.internal.connection.RealCall$AsyncCall", "okhttp3.RealCall$AsyncCall");
  private static final String EXCHANGE = "okhttp3.internal.connection.Exchange";
  private static final String BODY_SOURCE = "okhttp3.internal.connection.Exchange$ResponseBodySource";

  static final ElementMatcher<MethodDescription> START =
      named("execute").and(takesArguments(0)).or(named("enqueue").and(takesArguments(1)));
  static final ElementMatcher<MethodDescription> RESPONSE =
      namedOneOf("getResponseWithInterceptorChain$okhttp", "getResponseWithInterceptorChain").and(takesArguments(0));
  /** 4.x: {@code run()}; 3.14: {@code execute()}, which NamedRunnable's final run() calls. */
  static final ElementMatcher<MethodDescription> RUN = namedOneOf("run", "execute").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> WRITE_HEADERS = named("writeRequestHeaders").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> READ = named("read").and(takesArguments(2));
  static final ElementMatcher<MethodDescription> CLOSE = named("close").and(takesArguments(0));

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    List<TypeTransformation> transformations = new ArrayList<>();
    for (String realCall : REAL_CALLS) {
      transformations.add(new TypeTransformation(
          realCall,
          declaresMethod(START).and(declaresMethod(RESPONSE)).and(declaresField(named("originalRequest"))),
          type ->
              StateField.add(type)
                  .visit(advice.to(OkHttpStartAdvice.class.getName()).on(START))
                  .visit(advice.to(OkHttpResponseAdvice.class.getName()).on(RESPONSE))));
    }
    for (String asyncCall : ASYNC_CALLS) {
      transformations.add(new TypeTransformation(
          asyncCall,
          declaresMethod(RUN).and(declaresField(named("this$0"))),
          type -> type.visit(advice.to(OkHttpAsyncRunAdvice.class.getName()).on(RUN))));
    }
    transformations.add(new TypeTransformation(
        EXCHANGE,
        declaresMethod(isConstructor()),
        type ->
            StateField.add(type)
                .visit(advice.to(OkHttpExchangeAdvice.class.getName()).on(isConstructor()))
                .visit(advice.to(OkHttpRequestHeadersAdvice.class.getName()).on(WRITE_HEADERS))));
    transformations.add(new TypeTransformation(
        BODY_SOURCE,
        declaresMethod(READ).and(declaresMethod(CLOSE)).and(declaresField(named("this$0"))),
        type ->
            type.visit(advice.to(OkHttpBodyReadAdvice.class.getName()).on(READ))
                .visit(advice.to(OkHttpBodyCloseAdvice.class.getName()).on(CLOSE))));
    return transformations;
  }
}
