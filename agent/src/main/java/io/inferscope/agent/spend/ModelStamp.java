package io.inferscope.agent.spend;

/**
 * The one rule for the date or version stamp providers put at the end of a model name, so that
 * {@code gpt-4o-2024-08-06} finds the {@code gpt-4o} row. Exactly one trailing stamp is removed, and
 * only one of these shapes (ASCII digits):
 *
 * <ul>
 *   <li>{@code -YYYY-MM-DD}: OpenAI ({@code gpt-4o-mini-2024-07-18}, {@code o3-mini-2025-01-31})
 *   <li>{@code -YYYYMMDD} or {@code @YYYYMMDD}: Anthropic ({@code claude-sonnet-4-5-20250929}), Vertex
 *       ({@code claude-3-5-sonnet@20240620})
 *   <li>{@code -NNNN}: month-day or year-month releases ({@code gpt-4-0613}, {@code mistral-large-2411})
 *   <li>{@code -NNN}: revisions ({@code gemini-2.0-flash-001})
 *   <li>{@code -latest}: moving aliases ({@code claude-3-5-haiku-latest}, {@code gemini-1.5-pro-latest})
 * </ul>
 *
 * Nothing else is cut: no prefix matching (it would price {@code gpt-4o-mini} as {@code gpt-4o}), and
 * {@code -preview-05-20} or {@code -exp} stay, because previews are often priced apart from the
 * release they precede.
 */
final class ModelStamp {
  private ModelStamp() {}

  /** The name without its trailing stamp, or null when it has none (or nothing would be left). */
  static String strip(String model) {
    int n = model.length();
    int cut = -1;
    if (n > 11 && model.charAt(n - 11) == '-' && digits(model, n - 10, n - 6) && model.charAt(n - 6) == '-'
        && digits(model, n - 5, n - 3) && model.charAt(n - 3) == '-' && digits(model, n - 2, n)) {
      cut = n - 11; // -YYYY-MM-DD
    } else if (n > 9 && (model.charAt(n - 9) == '-' || model.charAt(n - 9) == '@') && digits(model, n - 8, n)) {
      cut = n - 9; // -YYYYMMDD, @YYYYMMDD
    } else if (n > 5 && model.charAt(n - 5) == '-' && digits(model, n - 4, n)) {
      cut = n - 5; // -NNNN
    } else if (n > 4 && model.charAt(n - 4) == '-' && digits(model, n - 3, n)) {
      cut = n - 4; // -NNN
    } else if (n > 7 && model.regionMatches(true, n - 7, "-latest", 0, 7)) {
      cut = n - 7;
    }
    return cut > 0 ? model.substring(0, cut) : null;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
