package io.inferscope.agent.llm;

import io.inferscope.agent.genai.LlmEndpoint;
import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchangeKind;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;

/** LLM calls, as the HTTP client hooks see them: requests to a known LLM endpoint ({@link LlmEndpoint}). */
public final class LlmExchanges implements HttpExchangeKind {
  private final GenAiTelemetry telemetry;

  public LlmExchanges(GenAiTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public boolean observes(String method, String host, int port, String path) {
    return LlmEndpoint.classify(method, host, port, path, null, LlmBoundary.onThisThread() != null) != null;
  }

  @Override
  public int maxRequestBytes() {
    return telemetry.settings().maxBodyBytes();
  }

  @Override
  public HttpExchange start(Context parent, String method, String host, int port, String path, Supplier<byte[]> requestBody) {
    return LlmHttpExchange.start(telemetry, parent, method, host, port, path, requestBody);
  }
}
