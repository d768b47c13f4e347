package io.inferscope.agent.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.bootstrap.UrlConnectionBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's {@code java.net.HttpURLConnection} (Java 17 to 25), plain HTTP and HTTPS: requests to
 * known LLM endpoints get a GenAI span, in the default buffered mode and in the fixed-length and
 * chunked streaming modes; every other request passes untouched. What {@code URL.openConnection}
 * returns for http is {@code sun.net.www.protocol.http.HttpURLConnection}; for https a facade that
 * passes every call to a delegate of that same class, so one class carries nearly all hooks, and the
 * delegate's own {@code connect} one more.
 *
 * <p>The changes only add advice: these JDK classes may have loaded before the agent started
 * (another agent ahead of it made an HTTP call), and are then changed by retransformation, which
 * cannot add fields. Per-connection state lives in {@link OpenConnections} instead.
 */
public final class UrlConnectionInstrumentation implements LibraryInstrumentation {
  static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  static final String HTTPS_DELEGATE = "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";

  static final ElementMatcher<MethodDescription> CONNECT = isPublic().and(named("connect")).and(takesArguments(0));
  static final ElementMatcher<MethodDescription> OUTPUT = isPublic().and(named("getOutputStream")).and(takesArguments(0));
  static final ElementMatcher<MethodDescription> INPUT = isPublic().and(named("getInputStream")).and(takesArguments(0));
  static final ElementMatcher<MethodDescription> ERROR = isPublic().and(named("getErrorStream")).and(takesArguments(0));
  static final ElementMatcher<MethodDescription> DISCONNECT = isPublic().and(named("disconnect")).and(takesArguments(0));

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    UrlConnectionBridge.install(
        new UrlConnectionHooks(HttpExchanges.shared(openTelemetry, agentVersion), new OpenConnections(OpenConnections.MAX_OPEN)));
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    String open = UrlConnectionOpenAdvice.class.getName();
    return List.of(
        new TypeTransformation(
            CONNECTION,
            declaresMethod(CONNECT).and(declaresMethod(OUTPUT)).and(declaresMethod(INPUT)).and(declaresMethod(ERROR))
                .and(declaresMethod(DISCONNECT)).and(declaresField(named("connecting"))),
            type -> type
                .visit(advice.to(open, ConnectExitAdvice.class.getName()).on(CONNECT))
                .visit(advice.to(open, OutputStreamExitAdvice.class.getName()).on(OUTPUT))
                .visit(advice.to(InputStreamEnterAdvice.class.getName(), InputStreamExitAdvice.class.getName()).on(INPUT))
                .visit(advice.to(ErrorStreamAdvice.class.getName()).on(ERROR))
                .visit(advice.to(DisconnectAdvice.class.getName()).on(DISCONNECT)),
            true),
        new TypeTransformation(
            HTTPS_DELEGATE,
            declaresMethod(CONNECT),
            type -> type.visit(advice.to(HttpsConnectOpenAdvice.class.getName(), ConnectExitAdvice.class.getName()).on(CONNECT)),
            true));
  }
}
