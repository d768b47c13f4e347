package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;

/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream format) over raw bytes, fed in
 * whatever pieces the network delivers: a piece may end inside a UTF-8 character or between the CR
 * and LF of a line end, so bytes are kept until their line is complete and decoded only then.
 *
 * <p>Bounded: an event whose lines add up to more than {@code maxEventBytes} is discarded (its bytes
 * are skipped, not buffered) and counted in {@link #droppedEvents()}. Not thread-safe. Never throws:
 * bad arguments are ignored, and a listener's RuntimeException is counted, not propagated, so a
 * failing listener cannot break the application's stream reading.
 */
public final class SseParser {
  /** Receives each complete event. */
  @FunctionalInterface
  public interface Listener {
    /** @param event the {@code event:} field, null when the event had none; @param data data lines joined with "\n" */
    void onEvent(String event, String data);
  }

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final int maxEventBytes;
  private final Listener listener;
  private byte[] line = new byte[128];
  private int lineLength;
  private boolean lineStarted;
  private boolean lastWasCr;
  private int bomMatched;
  private boolean bomChecked;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventName;
  private boolean eventStarted;
  private int eventBytes;
  private boolean oversized;
  private long events;
  private long dropped;
  private long listenerFailures;
  private boolean finished;
  private boolean endedMidEvent;

  public SseParser(int maxEventBytes, Listener listener) {
    this.maxEventBytes = Math.max(1, maxEventBytes);
    this.listener = listener;
  }

  public void feed(byte[] bytes, int offset, int length) {
    if (finished || bytes == null || offset < 0 || length <= 0 || offset > bytes.length - length) {
      return;
    }
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (!bomChecked && skipBom(b)) {
        continue;
      }
      if (b == '\n') {
        if (!lastWasCr) {
          endLine();
        }
        lastWasCr = false;
      } else if (b == '\r') {
        endLine();
        lastWasCr = true;
      } else {
        lastWasCr = false;
        add(b);
      }
    }
  }

  /** True while b is part of a BOM at the very start of the stream. */
  private boolean skipBom(byte b) {
    if (b == BOM[bomMatched]) {
      bomMatched++;
      bomChecked = bomMatched == BOM.length;
      return true;
    }
    bomChecked = true;
    for (int i = 0; i < bomMatched; i++) {
      add(BOM[i]); // a partial match was content after all
    }
    return false;
  }

  private void add(byte b) {
    lineStarted = true;
    if (oversized) {
      return;
    }
    if (eventBytes + lineLength >= maxEventBytes) {
      oversized = true; // skip the rest of this event without keeping it
      lineLength = 0;
      data.setLength(0);
      return;
    }
    if (lineLength == line.length) {
      byte[] bigger = new byte[(int) Math.min((long) line.length * 2, maxEventBytes)];
      System.arraycopy(line, 0, bigger, 0, lineLength);
      line = bigger;
    }
    line[lineLength++] = b;
  }

  private void endLine() {
    boolean blank = !lineStarted;
    lineStarted = false;
    if (blank) {
      dispatch();
    } else if (!oversized) {
      field(new String(line, 0, lineLength, StandardCharsets.UTF_8));
      eventBytes += lineLength;
    }
    lineLength = 0;
  }

  private void field(String l) {
    if (l.startsWith(":")) {
      return; // comment, e.g. a keep-alive
    }
    int colon = l.indexOf(':');
    String name = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(l.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
    eventStarted = true;
    if (name.equals("data")) {
      data.append(value).append('\n');
      hasData = true;
    } else if (name.equals("event")) {
      eventName = value;
    } // id and retry matter to reconnecting browsers, not to us
  }

  private void dispatch() {
    if (oversized) {
      dropped++;
    } else if (hasData) {
      events++;
      deliver(eventName, data.substring(0, data.length() - 1));
    }
    data.setLength(0);
    hasData = false;
    eventName = null;
    eventStarted = false;
    eventBytes = 0;
    oversized = false;
  }

  private void deliver(String event, String payload) {
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(event, payload);
    } catch (RuntimeException e) {
      listenerFailures++;
    }
  }

  /**
   * The stream ended. An event not yet closed by a blank line is discarded, as the format requires,
   * and noted in {@link #endedMidEvent()}: the usual sign of a truncated stream.
   */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    endedMidEvent = lineStarted || eventStarted || oversized;
    if (oversized) {
      dropped++;
    }
    data.setLength(0);
    line = new byte[0];
  }

  public boolean endedMidEvent() { return endedMidEvent; }
  /** Events discarded for exceeding the size cap. */
  public long droppedEvents() { return dropped; }
  /** Events delivered to the listener. */
  public long events() { return events; }
  public long listenerFailures() { return listenerFailures; }
}
