package io.inferscope.agent.anomaly;

/** Why a call was flagged; {@link #attributeValue()} is the {@code inferscope.anomaly.reason} value. */
public enum Reason {
  /** Not flagged. */
  NONE("none"),
  /** Latency (or, for an LLM call with a known token count, latency for that length) far above the key's baseline. */
  LATENCY_SPIKE("latency_spike"),
  /**
   * Flagged while the bulk of the key's recent traffic moved above its old tail: the baseline has been
   * moved to the new level, so what follows is judged against it instead of raising a run of spikes.
   */
  LEVEL_SHIFT("level_shift"),
  /** LLM time to first chunk far above the key's baseline. */
  TTFT_SPIKE("ttft_spike"),
  /** LLM time per output token (after the first chunk) far above the key's baseline. */
  PER_TOKEN_SLOW("per_token_slow"),
  /** The call failed or timed out: always flagged, whatever its latency. */
  ERROR("error");

  private final String attributeValue;

  Reason(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  public String attributeValue() {
    return attributeValue;
  }
}
