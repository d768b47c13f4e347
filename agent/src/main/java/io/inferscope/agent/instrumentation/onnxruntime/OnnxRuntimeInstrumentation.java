package io.inferscope.agent.instrumentation.onnxruntime;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.StateField;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.bootstrap.OnnxRuntimeBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ONNX Runtime (com.microsoft.onnxruntime:onnxruntime, tested 1.16.3, 1.20.0, 1.29.0).
 *
 * <ul>
 *   <li>Every public {@code OrtSession.run} overload ends in {@code run(Map, Set, Map, RunOptions)}
 *       (1.17+; before that, {@code run(Map, Set, RunOptions)}): hooking only the terminal one gives
 *       exactly one span per call whichever overload the application uses. The older terminal is
 *       hooked only where the newer one does not exist, since in 1.17+ it delegates to it.
 *   <li>Every public {@code OrtEnvironment.createSession} ends in a package-private 3-argument
 *       overload (path, byte[] or ByteBuffer; allocator; options): one load span per session.
 *   <li>One run in N (drift sampling) hands its input map and {@code Result} to {@link OrtValues} before it
 *       returns, for output and input drift.
 *   <li>{@code OrtSession.close}: the session stops counting as a loaded model.
 *   <li>{@code SessionOptions.add*} records which execution providers a session asked for; ONNX Runtime
 *       offers no getter for them.
 * </ul>
 */
public final class OnnxRuntimeInstrumentation implements LibraryInstrumentation {
  private static final String SESSION = "ai.onnxruntime.OrtSession";
  private static final String ENVIRONMENT = "ai.onnxruntime.OrtEnvironment";
  private static final String OPTIONS = "ai.onnxruntime.OrtSession$SessionOptions";

  static final ElementMatcher<MethodDescription> RUN =
      named("run").and(takesArguments(4)).and(takesArgument(0, Map.class)).and(takesArgument(1, Set.class));
  static final ElementMatcher<MethodDescription> RUN_BEFORE_1_17 =
      named("run").and(takesArguments(3)).and(takesArgument(0, Map.class)).and(takesArgument(1, Set.class))
          .and(takesArgument(2, named("ai.onnxruntime.OrtSession$RunOptions")));
  static final ElementMatcher<MethodDescription> CREATE_SESSION =
      named("createSession").and(takesArguments(3)).and(takesArgument(1, named("ai.onnxruntime.OrtAllocator")));
  static final ElementMatcher<MethodDescription> CLOSE = named("close").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> ADD_PROVIDER =
      nameStartsWith("add").and(isPublic())
          .and(not(namedOneOf("addConfigEntry", "addExternalInitializers", "addInitializer")));

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    OnnxRuntimeBridge.install(new OnnxRuntimeHooks(new InferenceTelemetry(openTelemetry, agentVersion, new OrtValues())));
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(SESSION, declaresMethod(RUN),
            type -> StateField.add(type).visit(advice.endingScopeInspecting(OrtRunAdvice.class.getName()).on(RUN))),
        new TypeTransformation(SESSION, not(declaresMethod(RUN)).and(declaresMethod(RUN_BEFORE_1_17)),
            type -> StateField.add(type).visit(advice.endingScopeInspecting(OrtRunAdvice.class.getName()).on(RUN_BEFORE_1_17))),
        new TypeTransformation(SESSION, declaresMethod(CLOSE),
            type -> type.visit(advice.to(OrtSessionCloseAdvice.class.getName()).on(CLOSE))),
        new TypeTransformation(ENVIRONMENT, declaresMethod(CREATE_SESSION),
            type -> type.visit(advice.to(OrtCreateSessionAdvice.class.getName()).on(CREATE_SESSION))),
        new TypeTransformation(OPTIONS, declaresMethod(ADD_PROVIDER),
            type -> StateField.add(type).visit(advice.to(OrtProviderAdvice.class.getName()).on(ADD_PROVIDER))));
  }
}
