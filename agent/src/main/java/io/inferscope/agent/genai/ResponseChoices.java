package io.inferscope.agent.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-choice part of a response: generated text and finish reason, by choice index. Bounded:
 * indexes at or beyond {@code maxChoices} are ignored, and each text stops growing at
 * {@code maxText} chars (streamed deltas arrive one by one, so the bound applies while accumulating).
 * Also used to stage one document's choices until the document is known to be whole.
 */
final class ResponseChoices {
  static final int MAX_FINISH_REASON = 64;

  private final int maxText;
  private final boolean[] seen;
  private final StringBuilder[] texts;
  private final String[] finishReasons;
  /** One past the highest index seen: loops over the choices stop there (most answers have one). */
  private int end;

  ResponseChoices(int maxChoices, int maxText) {
    this.maxText = maxText;
    this.seen = new boolean[maxChoices];
    this.texts = new StringBuilder[maxChoices];
    this.finishReasons = new String[maxChoices];
  }

  /** Notes that choice {@code index} exists and appends what fits of {@code text} (may be null). */
  void append(int index, CharSequence text) {
    if (index < 0 || index >= seen.length) {
      return;
    }
    see(index);
    if (text == null || text.length() == 0 || maxText == 0) {
      return;
    }
    StringBuilder sb = texts[index];
    if (sb == null) {
      sb = texts[index] = new StringBuilder(Math.min(maxText, Math.max(16, text.length())));
    }
    int room = maxText - sb.length();
    if (room > 0) {
      int n = Math.min(room, text.length());
      if (n < text.length() && n > 0 && Character.isHighSurrogate(text.charAt(n - 1))) {
        n--; // never keep half of a pair cut by the cap
      }
      sb.append(text, 0, n);
    }
  }

  /** Records a finish reason; a later one for the same index replaces it, so repeats are not duplicated. */
  void finish(int index, CharSequence reason) {
    if (index < 0 || index >= seen.length || reason == null || reason.length() == 0) {
      return;
    }
    see(index);
    String previous = finishReasons[index];
    if (previous == null || !previous.contentEquals(reason)) {
      finishReasons[index] = JsonWriter.truncate(reason.toString(), MAX_FINISH_REASON);
    }
  }

  private void see(int index) {
    seen[index] = true;
    end = Math.max(end, index + 1);
  }

  /** Adds these (staged) choices to {@code target}, as if appended there directly. */
  void mergeInto(ResponseChoices target) {
    for (int i = 0; i < end; i++) {
      if (seen[i]) {
        target.append(i, texts[i]);
        target.finish(i, finishReasons[i]);
      }
    }
  }

  void clear() {
    for (int i = 0; i < end; i++) {
      if (seen[i]) {
        seen[i] = false;
        finishReasons[i] = null;
        if (texts[i] != null) {
          texts[i].setLength(0);
        }
      }
    }
    end = 0;
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
        if (texts[i] != null && texts[i].length() > 0) {
          w.textPart(texts[i].toString());
        }
        w.endMessage(finishReasons[i]);
      }
    }
    return w.isEmpty() ? null : w.toJson();
  }
}
