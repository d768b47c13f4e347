package io.inferscope.agent.instrumentation;

import io.inferscope.agent.instrumentation.anthropic.AnthropicJavaInstrumentation;
import io.inferscope.agent.instrumentation.apachehttp.ApacheHttpClient4Instrumentation;
import io.inferscope.agent.instrumentation.apachehttp.ApacheHttpClient5Instrumentation;
import io.inferscope.agent.instrumentation.awsbedrock.AwsBedrockInstrumentation;
import io.inferscope.agent.instrumentation.googlegenai.GoogleGenAiInstrumentation;
import io.inferscope.agent.instrumentation.grpc.GrpcInstrumentation;
import io.inferscope.agent.instrumentation.jdkhttp.JdkHttpClientInstrumentation;
import io.inferscope.agent.instrumentation.okhttp.OkHttpInstrumentation;
import io.inferscope.agent.instrumentation.openai.OpenAiJavaInstrumentation;
import io.inferscope.agent.instrumentation.reactornetty.ReactorNettyInstrumentation;
import io.inferscope.agent.instrumentation.springai.SpringAiInstrumentation;
import io.inferscope.agent.instrumentation.vertx.VertxHttpClientInstrumentation;
import java.util.List;

/**
 * Every instrumentation InferScope has, as start-up knows it: by name and by where its library's
 * classes are, without loading it. An instrumentation's class, its Byte Buddy matchers and its
 * telemetry are built when the first class of its library loads ({@link LibraryHooks}), so a JVM pays
 * at start-up only for a name lookup per class, and later only for the libraries it really uses.
 * (Built all at start-up, they were most of the 0.35 s of CPU the agent added to a JVM's main thread
 * inside the OpenTelemetry Java agent.) The {@code NAME} constants are inlined by the compiler: naming
 * them loads nothing.
 */
public final class InstrumentationCatalog {
  private static final String IMPL = "io.inferscope.agent.instrumentation.";
  // Assembled at run time: the build relocates our own OkHttp, and with it every constant naming okhttp3.
  private static final String OKHTTP = String.join("", "okhttp", "3.");
  /**
   * The OpenTelemetry Java agent's WebClient filter, which it adds to the application (the same name in
   * its 2.31.1 and 2.33.1), hooked with Reactor Netty: its span must nest under the GenAI span.
   * Assembled at run time: shade would relocate a constant that starts with OpenTelemetry's package.
   */
  public static final String OPENTELEMETRY_AGENT_WEBCLIENT_TRACE = String.join(".", "io", "opentelemetry", "javaagent",
      "shaded", "instrumentation", "spring", "webflux", "v5_3", "internal", "WebClientTracingFilter$MonoWebClientTrace");

  /**
   * @param name the instrumentation's name in settings and the start line
   * @param implementation its {@link LibraryInstrumentation} class, loaded with the library's first class
   * @param classes where the library's classes are: packages (ending in a dot) or exact class names (the
   *     JDK's hooked classes, whose packages hold much that the JVM loads without any HTTP call). Every
   *     class the instrumentation hooks is among them (InstrumentationCatalogTest)
   * @param requires the instrumentations this one's telemetry comes through (an SDK's calls get their span
   *     from the HTTP client hook underneath): with one of them off, this one records nothing
   */
  public record Library(String name, String implementation, List<String> classes, List<String> requires) {
    LibraryInstrumentation load() throws ReflectiveOperationException {
      return (LibraryInstrumentation) Class.forName(implementation, true, Library.class.getClassLoader())
          .getDeclaredConstructor().newInstance();
    }
  }

  /** In the start line's order. */
  public static final List<Library> ALL = List.of(
      new Library("onnxruntime", IMPL + "onnxruntime.OnnxRuntimeInstrumentation", List.of("ai.onnxruntime."), List.of()),
      new Library("djl", IMPL + "djl.DjlInstrumentation", List.of("ai.djl."), List.of()),
      new Library(JdkHttpClientInstrumentation.NAME, IMPL + "jdkhttp.JdkHttpClientInstrumentation",
          List.of("jdk.internal.net.http.HttpClientFacade", "jdk.internal.net.http.HttpClientImpl"), List.of()),
      new Library("http-url-connection", IMPL + "urlconnection.UrlConnectionInstrumentation",
          List.of("sun.net.www.protocol.http.HttpURLConnection", "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection"),
          List.of()),
      new Library(OkHttpInstrumentation.NAME, IMPL + "okhttp.OkHttpInstrumentation", List.of(OKHTTP), List.of()),
      new Library(ApacheHttpClient5Instrumentation.NAME, IMPL + "apachehttp.ApacheHttpClient5Instrumentation",
          List.of("org.apache.hc."), List.of()),
      new Library(ApacheHttpClient4Instrumentation.NAME, IMPL + "apachehttp.ApacheHttpClient4Instrumentation",
          List.of("org.apache.http."), List.of()),
      new Library(ReactorNettyInstrumentation.NAME, IMPL + "reactornetty.ReactorNettyInstrumentation",
          List.of("reactor.netty.", OPENTELEMETRY_AGENT_WEBCLIENT_TRACE), List.of()),
      new Library(VertxHttpClientInstrumentation.NAME, IMPL + "vertx.VertxHttpClientInstrumentation", List.of("io.vertx."), List.of()),
      new Library(GrpcInstrumentation.NAME, IMPL + "grpc.GrpcInstrumentation", List.of("io.grpc."), List.of()),
      new Library(OpenAiJavaInstrumentation.NAME, IMPL + "openai.OpenAiJavaInstrumentation", List.of("com.openai."),
          List.of(OkHttpInstrumentation.NAME)),
      new Library(AnthropicJavaInstrumentation.NAME, IMPL + "anthropic.AnthropicJavaInstrumentation", List.of("com.anthropic."),
          List.of(OkHttpInstrumentation.NAME)),
      new Library(GoogleGenAiInstrumentation.NAME, IMPL + "googlegenai.GoogleGenAiInstrumentation", List.of("com.google.genai."),
          List.of(OkHttpInstrumentation.NAME)),
      // Any AWS client loads the core package: Bedrock's own package, or the one core class hooked.
      new Library(AwsBedrockInstrumentation.NAME, IMPL + "awsbedrock.AwsBedrockInstrumentation",
          List.of("software.amazon.awssdk.services.bedrockruntime.",
              "software.amazon.awssdk.core.internal.http.async.AsyncAfterTransmissionInterceptorCallingResponseHandler"),
          List.of()),
      new Library(SpringAiInstrumentation.NAME, IMPL + "springai.SpringAiInstrumentation", List.of("org.springframework.ai."),
          List.of(JdkHttpClientInstrumentation.NAME)),
      new Library("langchain4j", IMPL + "langchain4j.LangChain4jInstrumentation", List.of("dev.langchain4j."),
          List.of(JdkHttpClientInstrumentation.NAME)));

  private InstrumentationCatalog() {}
}
