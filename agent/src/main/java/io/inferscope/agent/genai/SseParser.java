package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.ByteScan;
import java.nio.CharBuffer;

/**
 * Incremental Server-Sent Events framing (the WHATWG event-stream format) over raw bytes, fed in
 * whatever pieces the network delivers. It keeps no event: the bytes of each {@code data:} line are
 * handed on as they pass (a JSON reader consumes them in place), and only the short {@code event:}
 * name is kept. Lines may end in CR, LF or CRLF, split anywhere; a UTF-8 byte order mark at the very
 * start is skipped.
 *
 * <p>Bounded: an event whose data exceeds {@code maxEventBytes} is dropped (the rest of its bytes are
 * not passed on) and counted in {@link #droppedEvents()}; a line of any length costs nothing extra.
 * Not thread-safe. Never throws: bad arguments are ignored, and a listener's RuntimeException is
 * counted, not propagated, so a failing listener cannot break the application's stream reading.
 */
public final class SseParser {
  /** Receives each event as it streams by. */
  public interface Listener {
    /**
     * Bytes of the current event's data: the values of its {@code data:} lines in order, with a
     * {@code '\n'} between lines, as the format joins them.
     */
    void data(byte[] bytes, int offset, int length);

    /**
     * The bytes of a data line from {@code from}, as far as they go in this piece: reads up to the
     * line's end (a CR or LF) or {@code to} and returns where it stopped. A listener that reads the
     * bytes anyway can find the line's end in the same pass; by default it is searched for first.
     */
    default int dataLine(byte[] bytes, int from, int to) {
      int end = ByteScan.lineEnd(bytes, from, to);
      data(bytes, from, end - from);
      return end;
    }

    /**
     * The event ended (a blank line). Called only for events with at least one data line.
     *
     * @param event its {@code event:} field, null when it had none; a view valid during the call
     * @param dropped whether its data exceeded the cap, so only a prefix was passed on
     */
    void dispatch(CharSequence event, boolean dropped);
  }

  private static final int MAX_FIELD_NAME = 8;
  private static final int MAX_EVENT_NAME = 128;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] NEWLINE = {'\n'};

  // Where the current line is.
  private static final int NAME = 0;
  private static final int FIRST_VALUE_BYTE = 1;
  private static final int VALUE = 2;

  private final long maxEventBytes;
  private final Listener listener;
  private int linePart = NAME;
  private boolean lineStarted;
  private boolean lastWasCr;
  private int bomMatched;
  private boolean bomChecked;
  private final byte[] name = new byte[MAX_FIELD_NAME];
  private int nameLength;
  private boolean nameTooLong;
  /** The field of the current line's value: 'd'ata, 'e'vent, or 0 for one that is ignored. */
  private int field;
  private final char[] eventName = new char[MAX_EVENT_NAME];
  private final CharBuffer eventView = CharBuffer.wrap(eventName);
  private int eventNameLength;
  private boolean hasEventName;
  private boolean hasData;
  private long eventBytes;
  private boolean oversized;
  private boolean eventStarted;
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
    int i = offset;
    int end = offset + length;
    while (i < end && !bomChecked) {
      if (!skipBom(bytes[i])) {
        break;
      }
      i++;
    }
    while (i < end) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        if (b == '\r' || !lastWasCr) {
          endLine();
        }
        lastWasCr = b == '\r';
        i++;
        continue;
      }
      lastWasCr = false;
      if (!lineStarted && b == 'd' && i + 5 <= end && isDataField(bytes, i)) {
        // Nearly every line of a stream starts so: its name is taken whole, not byte by byte.
        lineStarted = true;
        startValue('d');
        i += 5;
        continue;
      }
      lineStarted = true;
      if (linePart == VALUE) {
        i = field == 'd' ? dataLine(bytes, i, end) : value(bytes, i, end);
        continue;
      }
      if (linePart == FIRST_VALUE_BYTE) {
        linePart = VALUE;
        if (b == ' ') {
          i++; // one leading space belongs to the syntax, not the value
        }
        continue;
      }
      nameByte(b);
      i++;
    }
  }

  /** True while b is part of a BOM at the very start of the stream (consumed). */
  private boolean skipBom(byte b) {
    if (b == BOM[bomMatched]) {
      bomChecked = ++bomMatched == BOM.length;
      return true;
    }
    bomChecked = true;
    for (int i = 0; i < bomMatched; i++) {
      nameByte(BOM[i]); // a partial match was content after all
    }
    lineStarted |= bomMatched > 0;
    return false;
  }

  private static boolean isDataField(byte[] bytes, int i) {
    return bytes[i + 1] == 'a' && bytes[i + 2] == 't' && bytes[i + 3] == 'a' && bytes[i + 4] == ':';
  }

  private void nameByte(byte b) {
    if (b == ':') {
      if (nameLength == 0 && !nameTooLong) {
        field = 0; // a comment line, e.g. a keep-alive
        linePart = VALUE;
        return;
      }
      startValue();
      return;
    }
    if (nameLength < MAX_FIELD_NAME) {
      name[nameLength++] = b;
    } else {
      nameTooLong = true;
    }
  }

  private void startValue() {
    startValue(nameTooLong ? 0 : named("data") ? 'd' : named("event") ? 'e' : 0);
  }

  /** The value of a field ('d'ata, 'e'vent, or 0 for one that is ignored) starts. */
  private void startValue(int field) {
    this.field = field;
    linePart = FIRST_VALUE_BYTE;
    if (field == 'd') {
      dataLine();
    } else if (field == 'e') {
      hasEventName = true;
      eventNameLength = 0;
    } // id and retry matter to reconnecting browsers, not to us
    eventStarted = true;
  }

  private boolean named(String fieldName) {
    if (nameLength != fieldName.length()) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if (name[i] != fieldName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A data line starts: after the first, the lines are joined with a newline. */
  private void dataLine() {
    if (hasData) {
      deliver(NEWLINE, 0, 1);
    }
    hasData = true;
  }

  /** The value of a non-data line, up to its end or the piece's: returns where it stopped. */
  private int value(byte[] bytes, int from, int to) {
    int end = ByteScan.lineEnd(bytes, from, to);
    if (field == 'e') {
      for (int i = from; i < end && eventNameLength < MAX_EVENT_NAME; i++) {
        // Event names that matter are ASCII; anything else only has to stay unequal to them.
        eventName[eventNameLength++] = bytes[i] >= 0 ? (char) bytes[i] : '\uFFFD';
      }
    }
    return end;
  }

  /** A data line's value, read by the listener up to the line's end, within the event's cap. */
  private int dataLine(byte[] bytes, int from, int to) {
    if (oversized) {
      return ByteScan.lineEnd(bytes, from, to);
    }
    long room = maxEventBytes - eventBytes;
    int limit = (int) Math.min(to, from + room);
    int stop;
    if (listener == null) {
      stop = ByteScan.lineEnd(bytes, from, limit);
    } else {
      try {
        stop = listener.dataLine(bytes, from, limit);
      } catch (RuntimeException e) {
        listenerFailures++;
        stop = ByteScan.lineEnd(bytes, from, limit);
      }
    }
    eventBytes += stop - from;
    if (stop == limit && limit < to) {
      // The cap falls inside this line: the rest of the event is not passed on.
      oversized = ByteScan.lineEnd(bytes, limit, to) > limit;
      return ByteScan.lineEnd(bytes, limit, to);
    }
    return stop;
  }

  private void deliver(byte[] bytes, int offset, int length) {
    if (oversized) {
      return;
    }
    if (eventBytes + length > maxEventBytes) {
      oversized = true; // the rest of this event is not passed on
      return;
    }
    eventBytes += length;
    if (listener == null || length == 0) {
      return;
    }
    try {
      listener.data(bytes, offset, length);
    } catch (RuntimeException e) {
      listenerFailures++;
    }
  }

  private void endLine() {
    boolean blank = !lineStarted;
    if (!blank && linePart == NAME && nameLength > 0) {
      startValue(); // a line without a colon is a field with an empty value ("data" alone is a data line)
    }
    lineStarted = false;
    linePart = NAME;
    nameLength = 0;
    nameTooLong = false;
    field = 0;
    if (blank) {
      dispatch();
    }
  }

  private void dispatch() {
    if (oversized) {
      dropped++;
    }
    if (hasData) {
      events++;
      if (listener != null) {
        try {
          listener.dispatch(hasEventName ? eventView.clear().limit(eventNameLength) : null, oversized);
        } catch (RuntimeException e) {
          listenerFailures++;
        }
      }
    }
    hasData = false;
    hasEventName = false;
    eventStarted = false;
    eventBytes = 0;
    oversized = false;
  }

  /**
   * The stream ended. An event not yet closed by a blank line is not dispatched, as the format
   * requires, and noted in {@link #endedMidEvent()}: the usual sign of a truncated stream.
   */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    endedMidEvent = lineStarted || eventStarted || hasData;
    if (oversized) {
      dropped++;
    }
  }

  public boolean endedMidEvent() { return endedMidEvent; }
  /** Events whose data exceeded the cap (dispatched as dropped, or cut off by the stream's end). */
  public long droppedEvents() { return dropped; }
  /** Events dispatched to the listener. */
  public long events() { return events; }
  public long listenerFailures() { return listenerFailures; }
}
