package io.inferscope.agent.instrumentation.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
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
 * Apache HttpClient 5 (tested 5.4.4, 5.5.1 and 5.6.5), classic and async: calls to known LLM endpoints
 * get a GenAI span, one per attempt the client makes (its retry strategy resends a 429 or 503 once by
 * default; each attempt is its own span, the application's response is the last one's).
 *
 * <p>Classic ({@code CloseableHttpClient.execute} and every overload, response handlers included, on
 * the clients {@code HttpClients} and {@code HttpClientBuilder} build): {@code execute} starts the
 * call's exchange (so spans other agents start there, the OpenTelemetry Java agent's HTTP span, are its
 * children), which {@code ProtocolExec} takes as the first attempt; {@code ProtocolExec} starts later
 * attempts, and ends each attempt, {@code MainClientExec} writes its trace headers, the response's
 * {@code ResponseEntityProxy} takes the exchange and its {@code EofSensorInputStream} reports the body
 * as the application reads it ({@code writeTo} through a tee).
 *
 * <p>Async ({@code CloseableHttpAsyncClient.execute} with any producer and consumer, HTTP/1.1 and
 * HTTP/2): {@code execute} starts the call's exchange for a {@code BasicRequestProducer}'s request (as
 * the classic entry, for other agents' spans there), which {@code AsyncProtocolExec} takes as the first
 * attempt; {@code AsyncProtocolExec} starts the others, the main exec writes its trace headers, and
 * the exchange handler the main exec makes per attempt reports the response head, every body buffer,
 * the end, failures and cancellation, running the application's consumer and {@code FutureCallback}
 * in the call's context; failures before the transport (a refused connection) come through
 * {@code AsyncProtocolExec}'s callback; a retry scheduled later runs in the previous attempt's context.
 *
 * <p>Not hooked: {@code HttpClients.createMinimal()} / {@code HttpAsyncClients.createMinimal()}, which
 * skip the exec chain. The agent's own exporters do not use Apache HttpClient.
 *
 * <p>The advice binds HttpClient values as {@code Object} and casts them in its body (Byte Buddy
 * resolves advice parameter types in the agent's loader, which has no HttpClient); no relocation of
 * the agent build touches {@code org.apache}, so the names stay the application's.
 */
public final class ApacheHttpClient5Instrumentation implements HttpClientInstrumentation {
  public static final String NAME = "apache-httpclient-5";
  private static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.";
  private static final String ASYNC = "org.apache.hc.client5.http.impl.async.";

  /** Every public {@code execute} of a client: where the application enters, and other agents hook too. */
  static final ElementMatcher<MethodDescription> ENTRY = named("execute").and(isPublic()).and(not(isAbstract()));
  static final ElementMatcher<MethodDescription> CLASSIC_EXECUTE = named("execute").and(takesArguments(3));
  static final ElementMatcher<MethodDescription> ASYNC_ENTRY = named("execute").and(isPublic()).and(takesArguments(5))
      .and(takesArgument(0, named("org.apache.hc.core5.http.nio.AsyncRequestProducer")));
  static final ElementMatcher<MethodDescription> ASYNC_EXECUTE = named("execute").and(takesArguments(5));
  static final ElementMatcher<MethodDescription> READ =
      named("read").and(takesArguments(0).or(takesArguments(byte[].class, int.class, int.class)));
  static final ElementMatcher<MethodDescription> ABORT = named("abort").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> CLOSE =
      named("close").and(takesArguments(0)).or(named("streamClosed").and(takesArguments(1)));
  static final ElementMatcher<MethodDescription> WRITE_TO = named("writeTo").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> CONSUME_RESPONSE = named("consumeResponse").and(takesArguments(3));
  static final ElementMatcher<MethodDescription> CONSUME = named("consume").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> STREAM_END = named("streamEnd").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> FAILED = named("failed").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> CANCEL = named("cancel").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> RUN = named("run").and(takesArguments(0));

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    List<TypeTransformation> transformations = new ArrayList<>();
    // Classic.
    transformations.add(new TypeTransformation(
        CLASSIC + "CloseableHttpClient",
        declaresMethod(ENTRY),
        type -> type.visit(advice.to(Classic5EntryAdvice.class.getName()).on(ENTRY)),
        true)); // applied after other agents' (retransforming) transformers: outside their advice
    transformations.add(new TypeTransformation(
        CLASSIC + "ProtocolExec",
        declaresMethod(CLASSIC_EXECUTE),
        type -> type.visit(advice.to(Classic5ProtocolExecAdvice.class.getName()).on(CLASSIC_EXECUTE))));
    transformations.add(new TypeTransformation(
        CLASSIC + "MainClientExec",
        declaresMethod(CLASSIC_EXECUTE),
        type -> type.visit(advice.to(Classic5PropagationAdvice.class.getName()).on(CLASSIC_EXECUTE))));
    transformations.add(new TypeTransformation(CLASSIC + "InternalExecRuntime", declaresMethod(named("execute")), StateField::add));
    transformations.add(new TypeTransformation(
        CLASSIC + "ResponseEntityProxy",
        declaresMethod(CLOSE).and(declaresMethod(WRITE_TO)),
        type ->
            StateField.add(type)
                .visit(advice.to(ApacheEntityCloseAdvice.class.getName()).on(CLOSE))
                .visit(advice.to(ApacheEntityWriteToAdvice.class.getName()).on(WRITE_TO))));
    transformations.add(new TypeTransformation(
        "org.apache.hc.core5.http.io.EofSensorInputStream",
        declaresMethod(READ).and(declaresMethod(ABORT)).and(declaresField(named("eofWatcher"))),
        type ->
            type.visit(advice.to(ApacheBodyReadAdvice.class.getName()).on(READ))
                .visit(advice.to(ApacheBodyAbortAdvice.class.getName()).on(ABORT))));
    // Async.
    transformations.add(new TypeTransformation(
        "org.apache.hc.core5.http.nio.support.BasicRequestProducer",
        declaresField(named("request")),
        type -> StateField.add(type).visit(advice.to(Async5ProducerAdvice.class.getName()).on(isConstructor()))));
    transformations.add(new TypeTransformation(
        ASYNC + "CloseableHttpAsyncClient",
        declaresMethod(ASYNC_ENTRY),
        type -> type.visit(advice.to(Async5EntryAdvice.class.getName()).on(ASYNC_ENTRY)),
        true)); // as the classic entry
    transformations.add(new TypeTransformation(
        ASYNC + "AsyncProtocolExec",
        declaresMethod(ASYNC_EXECUTE),
        type -> type.visit(advice.to(Async5ProtocolExecAdvice.class.getName()).on(ASYNC_EXECUTE))));
    transformations.add(new TypeTransformation(
        ASYNC + "AsyncProtocolExec$1",
        declaresMethod(FAILED).and(declaresField(named("val$scope"))),
        type -> type.visit(advice.to(Async5CallbackFailedAdvice.class.getName()).on(FAILED))));
    transformations.add(new TypeTransformation(
        ASYNC + "InternalAbstractHttpAsyncClient$ScheduledRequestExecution",
        declaresMethod(RUN).and(declaresField(named("scope"))),
        type -> type.visit(advice.to(Async5RetryContextAdvice.class.getName()).on(RUN))));
    for (String transport : List.of("HttpAsyncMainClientExec", "H2AsyncMainClientExec")) {
      transformations.add(new TypeTransformation(
          ASYNC + transport,
          declaresMethod(ASYNC_EXECUTE),
          type -> type.visit(advice.to(Async5PropagationAdvice.class.getName()).on(ASYNC_EXECUTE))));
      transformations.add(new TypeTransformation(
          ASYNC + transport + "$1",
          declaresField(named("val$execRuntime")).and(declaresMethod(CONSUME_RESPONSE)).and(declaresMethod(CONSUME))
              .and(declaresMethod(STREAM_END)).and(declaresMethod(FAILED)).and(declaresMethod(CANCEL)),
          type ->
              type.visit(advice.to(Async5ResponseAdvice.class.getName()).on(CONSUME_RESPONSE))
                  .visit(advice.to(Async5BodyAdvice.class.getName()).on(CONSUME))
                  .visit(advice.to(Async5BodyEndAdvice.class.getName()).on(STREAM_END))
                  .visit(advice.to(Async5FailedAdvice.class.getName()).on(FAILED))
                  .visit(advice.to(Async5CancelAdvice.class.getName()).on(CANCEL))));
    }
    for (String runtime : List.of("InternalHttpAsyncExecRuntime", "InternalH2AsyncExecRuntime")) {
      transformations.add(new TypeTransformation(ASYNC + runtime, declaresMethod(named("execute")), StateField::add));
    }
    return transformations;
  }
}
