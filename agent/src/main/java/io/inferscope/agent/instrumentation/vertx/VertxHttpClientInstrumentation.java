package io.inferscope.agent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.http.HttpClientInstrumentation;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Vert.x HTTP client, 4.5 and 5.0 (tested 4.5.14, 4.5.27 and 5.0.7), hooked in vertx-core, so the
 * web client ({@code io.vertx.ext.web.client.WebClient}, built on it) and direct use of
 * {@code io.vertx.core.http.HttpClient} alike: calls to known LLM endpoints get a GenAI span, one per
 * request object (an attempt: each redirect the client follows is a request of its own).
 *
 * <p>{@code HttpClientRequestImpl} starts the exchange where the application ends the request or sends
 * its head (the OpenTelemetry Java agent's HTTP span, started there too, is then its child), takes it
 * where its head is written and adds the call's
 * trace headers to that head only, reports the response head (the application's response handlers and
 * futures run in the call's context), failures and resets (an early close); {@code HttpClientResponseImpl}
 * reports every body chunk on its way to the application's handler, the end, failures, and the
 * application's demand (pause, resume, fetch) for the stream watchdog. The web client's
 * {@code HttpContext} carries the caller's context from the calling thread to the event loop where
 * the head is written, hands the finished response or the failure to the application's future in the
 * call's context, and starts (and fails) the exchange of a call that failed before Vert.x made a request
 * object (a refused connection). Every handler runs on the event loop inside the hooked method, and the
 * context is closed when it returns.
 *
 * <p>The advice names Vert.x and Netty types only in its bodies, and only API that 4.5 and 5.0 share
 * with the same signatures (the agent compiles against 4.5.14); nothing of Vert.x is bundled.
 */
public final class VertxHttpClientInstrumentation implements HttpClientInstrumentation {
  public static final String NAME = "vertx-http-client";
  private static final String IMPL = "io.vertx.core.http.impl.";

  static final ElementMatcher<MethodDescription> DO_WRITE =
      named("doWrite").and(takesArgument(0, named("io.netty.buffer.ByteBuf"))).and(takesArgument(1, boolean.class));
  /** Where the application ends the request or sends its head: other agents start their HTTP spans there. */
  static final ElementMatcher<MethodDescription> ENTRY =
      namedOneOf("end", "sendHead", "writeHead").and(isPublic()).and(not(isBridge()));
  static final ElementMatcher<MethodDescription> HANDLE_RESPONSE = named("handleResponse").and(takesArguments(3));
  static final ElementMatcher<MethodDescription> HANDLE_EXCEPTION =
      named("handleException").and(takesArguments(Throwable.class));
  static final ElementMatcher<MethodDescription> RESET =
      named("reset").and(takesArguments(long.class).or(takesArguments(long.class, Throwable.class))).and(not(isBridge()));
  static final ElementMatcher<MethodDescription> HANDLE_CHUNK = named("handleChunk").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> HANDLE_END = named("handleEnd").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> PAUSE = named("pause").and(takesArguments(0)).and(not(isBridge()));
  static final ElementMatcher<MethodDescription> RESUME = named("resume").and(takesArguments(0)).and(not(isBridge()));
  static final ElementMatcher<MethodDescription> DISPATCH = named("handleDispatchResponse").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> FAILURE = named("handleFailure").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> PREPARE = named("prepareRequest").and(takesArguments(3));
  static final ElementMatcher<MethodDescription> SEND = named("sendRequest").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> FETCH = named("fetch").and(takesArguments(long.class)).and(not(isBridge()));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(
            IMPL + "HttpClientRequestImpl",
            declaresMethod(DO_WRITE).and(declaresMethod(HANDLE_RESPONSE)).and(declaresMethod(HANDLE_EXCEPTION))
                .and(declaresField(named("headWritten"))).and(declaresField(named("headers"))),
            type ->
                StateField.add(type)
                    .visit(advice.to(VertxHeadWriteAdvice.class.getName()).on(DO_WRITE))
                    .visit(advice.to(VertxResponseAdvice.class.getName()).on(HANDLE_RESPONSE))
                    .visit(advice.to(VertxRequestFailedAdvice.class.getName()).on(HANDLE_EXCEPTION))),
        // Applied after other agents' (retransforming) transformers, so outside their advice; adds no field.
        new TypeTransformation(
            IMPL + "HttpClientRequestImpl",
            declaresMethod(ENTRY).and(declaresMethod(DO_WRITE)).and(declaresField(named("headWritten"))),
            type -> type.visit(advice.to(VertxRequestEntryAdvice.class.getName()).on(ENTRY)),
            true),
        new TypeTransformation(
            IMPL + "HttpClientRequestBase",
            declaresMethod(RESET),
            type -> type.visit(advice.to(VertxResetAdvice.class.getName()).on(RESET))),
        new TypeTransformation(
            IMPL + "HttpClientResponseImpl",
            declaresMethod(HANDLE_CHUNK).and(declaresMethod(HANDLE_END)).and(declaresMethod(HANDLE_EXCEPTION))
                .and(declaresMethod(PAUSE)).and(declaresMethod(RESUME)).and(declaresMethod(FETCH)),
            type ->
                StateField.add(type)
                    .visit(advice.to(VertxChunkAdvice.class.getName()).on(HANDLE_CHUNK))
                    .visit(advice.to(VertxEndAdvice.class.getName()).on(HANDLE_END))
                    .visit(advice.to(VertxResponseFailedAdvice.class.getName()).on(HANDLE_EXCEPTION))
                    .visit(advice.to(VertxDemandAdvice.Pause.class.getName()).on(PAUSE))
                    .visit(advice.to(VertxDemandAdvice.Resume.class.getName()).on(RESUME))
                    .visit(advice.to(VertxDemandAdvice.Fetch.class.getName()).on(FETCH))),
        new TypeTransformation(
            "io.vertx.ext.web.client.impl.HttpContext",
            declaresMethod(DISPATCH).and(declaresMethod(FAILURE)).and(declaresMethod(PREPARE)).and(declaresMethod(SEND)).and(declaresField(named("clientRequest"))).and(declaresField(named("clientResponse")))
                .and(declaresField(named("requestOptions"))).and(declaresField(named("body"))).and(declaresField(named("failure"))),
            type ->
                StateField.add(type)
                    .visit(advice.to(VertxWebCaptureAdvice.Prepare.class.getName()).on(PREPARE))
                    .visit(advice.to(VertxWebCaptureAdvice.Send.class.getName()).on(SEND))
                    .visit(advice.to(VertxWebDispatchAdvice.class.getName()).on(DISPATCH))
                    .visit(advice.to(VertxWebFailureAdvice.class.getName()).on(FAILURE))));
  }
}
