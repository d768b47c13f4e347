package io.inferscope.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.bootstrap.HttpClientBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's {@code java.net.http.HttpClient} (Java 17 to 25): an exchange starts in the public
 * {@code send} and {@code sendAsync} of the facade the application holds, and every one of those ends in
 * the private four-argument {@code HttpClientImpl.sendAsync}, where the returned future is taken over.
 * Calls to known LLM
 * endpoints get a GenAI span (LangChain4j's OpenAI module uses this client, as do hand-written callers);
 * all other requests pass untouched.
 */
public final class JdkHttpClientInstrumentation implements LibraryInstrumentation {
  private static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
  /** What {@code HttpClient.newHttpClient()} and every builder hand the application. */
  public static final String NAME = "java-http-client";
  private static final String FACADE = "jdk.internal.net.http.HttpClientFacade";
  static final ElementMatcher<MethodDescription> SEND_ASYNC = named("sendAsync").and(takesArguments(4)).and(isPrivate());
  static final ElementMatcher<MethodDescription> SEND =
      isPublic().and(named("send").and(takesArguments(2)).or(named("sendAsync").and(takesArguments(2).or(takesArguments(3)))));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    HttpClientBridge.install(new JdkHttpClientHooks(HttpExchanges.shared(openTelemetry, agentVersion)));
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(
            FACADE,
            declaresMethod(SEND),
            type -> type.visit(advice.to(JdkHttpSendAdvice.class.getName()).on(SEND))),
        new TypeTransformation(
            CLIENT,
            declaresMethod(SEND_ASYNC),
            type -> type.visit(advice.to(JdkHttpSendAsyncAdvice.class.getName()).on(SEND_ASYNC))));
  }
}
