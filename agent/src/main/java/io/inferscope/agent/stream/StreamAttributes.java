package io.inferscope.agent.stream;

import io.opentelemetry.api.common.AttributeKey;

/** This project's span attributes for streamed results, shared by model (DJL) and LLM streams. */
public final class StreamAttributes {
  /** How the stream ended: a {@link StreamOutcome} value. */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("inferscope.stream.outcome");
  /** Chunks the reader received (DJL stream elements, SSE events or NDJSON lines with content). */
  public static final AttributeKey<Long> CHUNKS = AttributeKey.longKey("inferscope.stream.chunks");

  private StreamAttributes() {}
}
