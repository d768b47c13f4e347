package io.inferscope.agent.instrumentation.djl;

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
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.bootstrap.DjlBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Deep Java Library (ai.djl:api, tested 0.35.1 with the PyTorch engine and 0.38.0 with the ONNX
 * Runtime engine). Hooks live in the engine-independent {@code Predictor} and {@code Criteria}, so
 * every engine is covered:
 *
 * <ul>
 *   <li>{@code Predictor.predict} and {@code batchPredict}: one span per call ({@code predict} calls
 *       {@code batchPredict}; the inner call is recognised and not traced again). The span is current
 *       during the call, so the engine's own spans (ONNX Runtime) nest under it.
 *   <li>{@code Predictor.streamingPredict}: a span that ends when the stream of the model's output is
 *       read to the end, fails, is closed or is abandoned (see {@link DjlStreamingCall}). That stream
 *       comes from the default {@code StreamingBlock.forwardStream} methods, whose result is wrapped
 *       while a streaming call is active on the thread.
 *   <li>The private {@code preprocessEnd}, {@code predictEnd}, {@code postProcessEnd}, which DJL calls at
 *       each phase boundary whether or not the application set metrics: the phase split.
 *   <li>The {@code Predictor} constructor: model name, engine, device and translator, once per predictor.
 *   <li>{@code Criteria.loadModel}: the load span, and the model counted as loaded until
 *       {@code ZooModel.close}.
 * </ul>
 */
public final class DjlInstrumentation implements LibraryInstrumentation {
  private static final String PREDICTOR = "ai.djl.inference.Predictor";
  private static final String CRITERIA = "ai.djl.repository.zoo.Criteria";
  private static final String ZOO_MODEL = "ai.djl.repository.zoo.ZooModel";
  private static final String STREAMING_BLOCK = "ai.djl.inference.streaming.StreamingBlock";

  static final ElementMatcher<MethodDescription> PREDICT = named("predict").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> BATCH_PREDICT =
      named("batchPredict").and(takesArguments(1)).and(takesArgument(0, List.class));
  static final ElementMatcher<MethodDescription> STREAMING_PREDICT = named("streamingPredict").and(takesArguments(1));
  static final ElementMatcher<MethodDescription> FORWARD_STREAM = named("forwardStream").and(returns(Stream.class));
  static final ElementMatcher<MethodDescription> PHASE_END = namedOneOf("preprocessEnd", "predictEnd", "postProcessEnd");
  static final ElementMatcher<MethodDescription> CONSTRUCTOR = isConstructor().and(takesArguments(4));
  static final ElementMatcher<MethodDescription> LOAD_MODEL = named("loadModel").and(takesArguments(0));
  static final ElementMatcher<MethodDescription> CLOSE = named("close").and(takesArguments(0));

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    DjlBridge.install(new DjlHooks(new InferenceTelemetry(openTelemetry, agentVersion, new DjlValues())));
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(
            PREDICTOR,
            declaresMethod(PREDICT).and(declaresMethod(BATCH_PREDICT)).and(declaresMethod(CONSTRUCTOR)),
            type ->
                StateField.add(type)
                    .visit(advice.to(DjlPredictorAdvice.class.getName()).on(CONSTRUCTOR))
                    .visit(advice.endingScopeInspecting(DjlPredictAdvice.class.getName()).on(PREDICT))
                    .visit(advice.endingScopeInspecting(DjlBatchPredictAdvice.class.getName()).on(BATCH_PREDICT))
                    .visit(advice.endingScope(DjlStreamingPredictAdvice.class.getName()).on(STREAMING_PREDICT))
                    .visit(advice.to(DjlPhaseAdvice.class.getName()).on(PHASE_END))),
        new TypeTransformation(
            CRITERIA,
            declaresMethod(LOAD_MODEL),
            type -> type.visit(advice.to(DjlLoadAdvice.class.getName()).on(LOAD_MODEL))),
        new TypeTransformation(
            ZOO_MODEL,
            declaresMethod(CLOSE),
            type -> type.visit(advice.to(DjlModelCloseAdvice.class.getName()).on(CLOSE))),
        new TypeTransformation(
            STREAMING_BLOCK,
            declaresMethod(FORWARD_STREAM),
            type -> type.visit(advice.to(DjlForwardStreamAdvice.class.getName()).on(FORWARD_STREAM))));
  }
}
