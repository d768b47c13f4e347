package io.inferscope.agent.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.InstrumentationCatalog;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.instrumentation.http.HttpClientInstrumentation;
import io.inferscope.bootstrap.ReactorNettyBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Reactor Netty's HTTP client (tested 1.2.11 and 1.3.7; what Spring {@code WebClient} uses by default):
 * calls to known LLM endpoints get a GenAI span, one per attempt on the wire (the client's own redirects
 * and its one retry of a connection reset before sending are attempts; an application's
 * {@code retry()} resubscribes, and each subscription is a call).
 *
 * <p>Hooks: {@code HttpClientConnect.connect()} wraps an LLM request's connection {@code Mono} once more,
 * outside the connectors other agents add, in a {@code MonoHttpConnect} whose {@code subscribe} starts the
 * request's exchange and keeps it current while the real one is subscribed ({@link ReactorNettyEntries}):
 * the OpenTelemetry Java agent's HTTP span, whose parent is what is current there, is then the GenAI
 * span's child. The per-subscription {@code HttpClientConnect$HttpClientHandler} gives each attempt its
 * exchange when the connection provider asks it for the address to connect to ({@code get()}, once per
 * attempt; the first, on the subscribing thread, takes the entry's), ends it
 * when the attempt fails ({@code test(Throwable)}, the retry predicate every failure of an attempt goes
 * through: a refused connection included) and hands it to the attempt's {@code HttpClientOperations}
 * ({@code channel(ops)}). There the request's trace headers are added just before its headers are sent
 * ({@code beforeMarkSentHeaders}), a body sent whole (a {@code Mono}, as {@code WebClient} sends a
 * value) is read as it goes out ({@code newFullBodyMessage}), the response's head and every content
 * message are seen as they arrive, before the application's subscriber takes them
 * ({@code onInboundNext}), and a cancelled subscription is an early close ({@code onInboundCancel}).
 * Netty errors while receiving go through {@code ChannelOperations.onInboundError}; the application's
 * operators that {@code FluxReceive} drives ({@code drainReceiver}) run in the call's context, and its
 * demand ({@code request(n)}, and what is left once drained) tells the stream watchdog the application
 * is waiting for more.
 *
 * <p>Beside the OpenTelemetry Java agent, {@code WebClient}'s HTTP span is that agent's own, started in the
 * exchange filter it adds to every {@code WebClient} ({@code MonoWebClientTrace.subscribe}), before Reactor
 * Netty is asked to connect: the request's exchange is entered there too ({@link AgentWebClientEntryAdvice}),
 * so that span is also the GenAI span's child.
 *
 * <p>A request body sent as a stream of buffers (a {@code Flux}: Spring's {@code RestClient} on Reactor
 * Netty streams its body) is gathered piece by piece as {@code MonoSendMany} takes each buffer
 * ({@code onNext}), up to the request cap, and read when its source completes ({@code onComplete}). Not
 * read: such a body from a source Reactor fuses with ({@code Flux.just(...)}, {@code fromIterable}:
 * {@code MonoSendMany} polls its buffers without {@code onNext}); the call is still traced, without the
 * request's attributes. The advice binds Reactor Netty's package-private types as
 * {@code Object} (Byte Buddy resolves advice parameter types in the agent's loader) and uses only
 * public Netty and Reactor Netty API in its body.
 */
public final class ReactorNettyInstrumentation implements HttpClientInstrumentation {
  public static final String NAME = "reactor-netty";
  private static final String CLIENT = "reactor.netty.http.client.";

  static final ElementMatcher<MethodDescription> CONNECT = named("connect").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> SUBSCRIBE =
      named("subscribe").and(takesArguments(1)).and(takesArgument(0, named("reactor.core.CoreSubscriber")));
  static final ElementMatcher<MethodDescription> GET = named("get").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> TEST = named("test").and(takesArguments(Throwable.class));
  static final ElementMatcher<MethodDescription> CHANNEL =
      named("channel").and(takesArguments(1)).and(takesArgument(0, named(CLIENT + "HttpClientOperations")));
  static final ElementMatcher<MethodDescription> BEFORE_HEADERS = named("beforeMarkSentHeaders").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> FULL_BODY =
      named("newFullBodyMessage").and(takesArguments(1)).and(takesArgument(0, named("io.netty.buffer.ByteBuf")));
  static final ElementMatcher<MethodDescription> INBOUND_NEXT = named("onInboundNext").and(takesArguments(2));
  static final ElementMatcher<MethodDescription> INBOUND_CANCEL = named("onInboundCancel").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> INBOUND_ERROR = named("onInboundError").and(takesArguments(Throwable.class));
  static final ElementMatcher<MethodDescription> DRAIN = named("drainReceiver").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> REQUEST = named("request").and(takesArguments(long.class));
  static final ElementMatcher<MethodDescription> ON_NEXT = named("onNext").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> ON_COMPLETE = named("onComplete").and(takesArguments(0));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    HttpClientInstrumentation.super.registerHooks(openTelemetry, agentVersion);
    ReactorNettyBridge.install(new ReactorNettyEntries());
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(
            CLIENT + "HttpClientConnect",
            declaresMethod(CONNECT),
            type -> type.visit(advice.to(ConnectEntryAdvice.class.getName()).on(CONNECT))),
        new TypeTransformation(
            CLIENT + "HttpClientConnect$MonoHttpConnect",
            declaresMethod(SUBSCRIBE).and(declaresField(named("config"))),
            type -> StateField.add(type).visit(advice.to(EntrySubscribeAdvice.class.getName()).on(SUBSCRIBE))),
        new TypeTransformation(
            InstrumentationCatalog.OPENTELEMETRY_AGENT_WEBCLIENT_TRACE,
            declaresMethod(SUBSCRIBE).and(declaresField(named("request"))),
            type -> type.visit(advice.to(AgentWebClientEntryAdvice.class.getName()).on(SUBSCRIBE))),
        new TypeTransformation(
            CLIENT + "HttpClientConnect$HttpClientHandler",
            declaresMethod(GET).and(declaresMethod(TEST)).and(declaresMethod(CHANNEL))
                .and(declaresField(named("toURI"))).and(declaresField(named("method"))),
            type ->
                StateField.add(type)
                    .visit(advice.to(AttemptStartAdvice.class.getName()).on(GET))
                    .visit(advice.to(AttemptFailedAdvice.class.getName()).on(TEST))
                    .visit(advice.to(AttemptChannelAdvice.class.getName()).on(CHANNEL))),
        new TypeTransformation(
            CLIENT + "HttpClientOperations",
            declaresMethod(BEFORE_HEADERS).and(declaresMethod(FULL_BODY)).and(declaresMethod(INBOUND_NEXT))
                .and(declaresMethod(INBOUND_CANCEL))
                .and(declaresField(named("started"))).and(declaresField(named("is100Continue")))
                .and(declaresField(named("redirecting"))),
            type ->
                StateField.add(type)
                    .visit(advice.to(RequestHeadersAdvice.class.getName()).on(BEFORE_HEADERS))
                    .visit(advice.to(RequestBodyAdvice.class.getName()).on(FULL_BODY))
                    .visit(advice.to(ResponseAdvice.class.getName()).on(INBOUND_NEXT))
                    .visit(advice.to(CancelAdvice.class.getName()).on(INBOUND_CANCEL))),
        new TypeTransformation(
            "reactor.netty.channel.ChannelOperations",
            declaresMethod(INBOUND_ERROR),
            type -> type.visit(advice.to(InboundErrorAdvice.class.getName()).on(INBOUND_ERROR))),
        new TypeTransformation(
            "reactor.netty.channel.FluxReceive",
            declaresMethod(DRAIN).and(declaresMethod(REQUEST)).and(declaresField(named("parent")))
                .and(declaresField(named("receiverDemand"))),
            type ->
                type.visit(advice.to(ReceiveDrainAdvice.class.getName()).on(DRAIN))
                    .visit(advice.to(ReceiveRequestAdvice.class.getName()).on(REQUEST))),
        new TypeTransformation(
            "reactor.netty.channel.MonoSendMany$SendManyInner",
            declaresMethod(ON_NEXT).and(declaresMethod(ON_COMPLETE)).and(declaresField(named("ctx"))),
            type ->
                StateField.add(type)
                    .visit(advice.to(RequestPieceAdvice.class.getName()).on(ON_NEXT))
                    .visit(advice.to(RequestPiecesEndAdvice.class.getName()).on(ON_COMPLETE))));
  }
}
