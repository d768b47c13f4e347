package io.inferscope.agent.llm;

import io.inferscope.agent.config.AgentConfig;

/**
 * What LLM telemetry may record. Message content is off unless the user opts in with the standard
 * switch; bodies are inspected only up to a cap, so a huge response costs bounded memory.
 */
public record GenAiSettings(boolean captureContent, int maxContentLength, int maxBodyBytes, boolean latestConventions) {
  /** The OpenTelemetry switch; as an environment variable OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. */
  public static final String CAPTURE_CONTENT = "otel.instrumentation.genai.capture-message-content";
  public static final String MAX_CONTENT_LENGTH = "inferscope.genai.content.max.length";
  public static final String MAX_BODY_BYTES = "inferscope.genai.body.max.bytes";
  public static final int DEFAULT_MAX_CONTENT_LENGTH = 8_192;
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /**
   * The standard transition switch (OTEL_SEMCONV_STABILITY_OPT_IN, comma-separated): with
   * {@value #LATEST_CONVENTIONS}, the unreleased names of semantic-conventions-genai replace v1.41.0's.
   */
  public static final String STABILITY_OPT_IN = "otel.semconv-stability.opt-in";
  public static final String LATEST_CONVENTIONS = "gen_ai_latest_experimental";

  public static GenAiSettings from(AgentConfig config) {
    return new GenAiSettings(
        config.getBoolean(CAPTURE_CONTENT, false),
        config.getInt(MAX_CONTENT_LENGTH, DEFAULT_MAX_CONTENT_LENGTH, 0, 1 << 24),
        config.getInt(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 0, 1 << 28),
        optsIn(config.raw(STABILITY_OPT_IN)));
  }

  private static boolean optsIn(String list) {
    if (list == null) {
      return false;
    }
    for (String entry : list.split(",")) {
      if (entry.trim().equals(LATEST_CONVENTIONS)) {
        return true;
      }
    }
    return false;
  }
}
