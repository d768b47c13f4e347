package io.inferscope.agent.spend;

/**
 * What one model costs, per million tokens of each kind, in one currency. Fall-backs are resolved
 * when the row is read (an empty cache price is the input price, an empty reasoning price the output
 * price), so the per-call computation is plain arithmetic.
 *
 * <p>Counts are in the GenAI conventions' sense: input includes cache reads and cache writes, output
 * includes reasoning. Each part is first clamped into its total (a server that reports more cached
 * than input tokens must not be charged for tokens it never counted), so the amount is never
 * negative and never more than every token at its dearest kind.
 */
public record Price(double input, double output, double cacheRead, double cacheWrite, double reasoning, String currency) {
  private static final double PER_MILLION = 1_000_000.0;

  /**
   * The cost of one call; a null count was not reported (an embedding has no output), and a part
   * reported without its total (cache reads without input) is not priced.
   */
  public double cost(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens, Long reasoningTokens) {
    double sum = 0;
    if (inputTokens != null) {
      long in = Math.max(0, inputTokens);
      long read = clamp(cacheReadTokens, in);
      long write = clamp(cacheWriteTokens, in - read);
      sum += (in - read - write) * input + read * cacheRead + write * cacheWrite;
    }
    if (outputTokens != null) {
      long out = Math.max(0, outputTokens);
      long thinking = clamp(reasoningTokens, out);
      sum += (out - thinking) * output + thinking * reasoning;
    }
    return sum / PER_MILLION;
  }

  /** The part, 0 when absent or negative, never more than {@code total}. */
  private static long clamp(Long part, long total) {
    return part == null ? 0 : Math.min(Math.max(0, part), total);
  }
}
