package io.inferscope.agent.instrumentation.anthropic;

import io.inferscope.agent.instrumentation.llmsdk.StainlessSdkInstrumentation;
import java.util.List;

/**
 * Anthropic's anthropic-java 3.x (tested 3.16.0, OkHttp transport): the Messages API and its beta,
 * blocking and async, plain and streaming, each {@code create}/{@code createStreaming} one logical
 * call. ({@code countTokens} generates nothing and is left alone.)
 */
public final class AnthropicJavaInstrumentation extends StainlessSdkInstrumentation {
  public static final String NAME = "anthropic-java";

  public AnthropicJavaInstrumentation() {
    super(NAME, List.of(
        "com.anthropic.services.blocking.MessageServiceImpl",
        "com.anthropic.services.blocking.beta.MessageServiceImpl",
        "com.anthropic.services.async.MessageServiceAsyncImpl",
        "com.anthropic.services.async.beta.MessageServiceAsyncImpl"),
        "com.anthropic.core.ClientOptions");
  }
}
