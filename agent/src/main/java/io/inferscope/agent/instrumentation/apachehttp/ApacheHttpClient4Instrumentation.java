package io.inferscope.agent.instrumentation.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.http.HttpClientInstrumentation;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 4.5 ({@code org.apache.httpcomponents:httpclient}, tested 4.5.13 and 4.5.14; the
 * transport of the AWS SDK's Apache client and of google-genai): calls to known LLM endpoints get a
 * GenAI span, one per attempt ({@code RetryExec} resends after some I/O failures; each attempt is its
 * own span). {@code CloseableHttpClient.execute} starts the call's exchange (so spans other agents
 * start there, the OpenTelemetry Java agent's HTTP span, are its children), which
 * {@code MainClientExec} takes as the first attempt; {@code MainClientExec} starts later attempts, ends
 * each attempt and writes its trace headers, the
 * response's {@code ResponseEntityProxy} takes the exchange and its {@code EofSensorInputStream}
 * reports the body as the application reads it ({@code writeTo} through a tee), and
 * {@code HttpResponseProxy.close()} reports a body closed unread. The body hooks are HttpClient 5's,
 * which has the same classes. Not hooked: {@code HttpClients.createMinimal()} (its own exec).
 */
public final class ApacheHttpClient4Instrumentation implements HttpClientInstrumentation {
  public static final String NAME = "apache-httpclient-4";
  private static final String EXEC = "org.apache.http.impl.execchain.";

  static final ElementMatcher<MethodDescription> EXECUTE = named("execute").and(takesArguments(4));
  static final ElementMatcher<MethodDescription> ABORT = named("abortConnection").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> STREAM_CLOSED = named("streamClosed").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> CLOSE = named("close").and(takesArguments(0));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(
            "org.apache.http.impl.client.CloseableHttpClient",
            declaresMethod(ApacheHttpClient5Instrumentation.ENTRY),
            type -> type.visit(advice.to(Classic4EntryAdvice.class.getName()).on(ApacheHttpClient5Instrumentation.ENTRY)),
            true), // applied after other agents' (retransforming) transformers: outside their advice
        new TypeTransformation(
            EXEC + "MainClientExec",
            declaresMethod(EXECUTE),
            type -> type.visit(advice.to(Classic4ExecAdvice.class.getName()).on(EXECUTE))),
        new TypeTransformation(
            EXEC + "ResponseEntityProxy",
            declaresMethod(STREAM_CLOSED).and(declaresMethod(ApacheHttpClient5Instrumentation.WRITE_TO)),
            type ->
                StateField.add(type)
                    .visit(advice.to(ApacheEntityCloseAdvice.class.getName()).on(STREAM_CLOSED))
                    .visit(advice.to(ApacheEntityWriteToAdvice.class.getName()).on(ApacheHttpClient5Instrumentation.WRITE_TO))),
        new TypeTransformation(
            EXEC + "HttpResponseProxy",
            declaresMethod(CLOSE).and(declaresField(named("original"))),
            type -> type.visit(advice.to(Classic4ResponseCloseAdvice.class.getName()).on(CLOSE))),
        new TypeTransformation(
            "org.apache.http.conn.EofSensorInputStream",
            declaresMethod(ApacheHttpClient5Instrumentation.READ).and(declaresMethod(ABORT)).and(declaresField(named("eofWatcher"))),
            type ->
                type.visit(advice.to(ApacheBodyReadAdvice.class.getName()).on(ApacheHttpClient5Instrumentation.READ))
                    .visit(advice.to(ApacheBodyAbortAdvice.class.getName()).on(ABORT))));
  }
}
