package io.inferscope.agent.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-choice part of a response: generated text and finish reason, by choice index. Bounded:
 * indexes at or beyond {@code maxChoices} are ignored, and each text stops growing at
 * {@code maxText} chars (streamed deltas arrive one by one, so the bound applies while accumulating).
 */
final class ResponseChoices {
  static final int MAX_FINISH_REASON = 64;

  private final int maxText;
  private final boolean[] seen;
  private final StringBuilder[] texts;
  private final String[] finishReasons;

  ResponseChoices(int maxChoices, int maxText) {
    this.maxText = maxText;
    this.seen = new boolean[maxChoices];
    this.texts = new StringBuilder[maxChoices];
    this.finishReasons = new String[maxChoices];
  }

  /** Notes that choice {@code index} exists and appends what fits of {@code text} (may be null). */
  void append(int index, String text) {
    if (index < 0 || index >= seen.length) {
      return;
    }
    seen[index] = true;
    if (text == null || text.isEmpty() || maxText == 0) {
      return;
    }
    StringBuilder sb = texts[index];
    if (sb == null) {
      sb = texts[index] = new StringBuilder(Math.min(maxText, Math.max(16, text.length())));
    }
    int room = maxText - sb.length();
    if (room > 0) {
      sb.append(JsonWriter.truncate(text, room));
    }
  }

  /** Records a finish reason; a later one for the same index replaces it, so repeats are not duplicated. */
  void finish(int index, String reason) {
    if (index < 0 || index >= seen.length || reason == null || reason.isEmpty()) {
      return;
    }
    seen[index] = true;
    finishReasons[index] = JsonWriter.truncate(reason, MAX_FINISH_REASON);
  }

  List<String> finishReasons() {
    List<String> out = new ArrayList<>(1);
    for (String reason : finishReasons) {
      if (reason != null) {
        out.add(reason);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code gen_ai.output.messages} for the choices seen, in index order; null when there were none. */
  String toJson(int maxLength) {
    JsonWriter w = new JsonWriter(maxLength);
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        w.beginMessage("assistant");
        if (texts[i] != null) {
          w.textPart(texts[i].toString());
        }
        w.endMessage(finishReasons[i]);
      }
    }
    return w.isEmpty() ? null : w.toJson();
  }
}
