package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Incremental AWS event-stream framing ({@code application/vnd.amazon.eventstream}: Bedrock's
 * ConverseStream and InvokeModelWithResponseStream) over raw bytes. Each message is a 12-byte prelude
 * (total length, headers length, CRC32 of those 8 bytes), its headers, its payload and a CRC32 of all
 * that. The payload (one JSON document) is handed on as it passes, never kept; only the headers are
 * buffered, up to {@link #MAX_HEADER_BYTES}. A message is announced once its CRC checks out, named by
 * its {@code :event-type} header; an {@code exception} or {@code error} message is first reported with
 * its {@code :exception-type} or {@code :error-code}.
 *
 * <p>Bounded: a payload over {@code maxPayloadBytes} is passed on only up to the cap and announced as
 * dropped. A prelude whose CRC or lengths are wrong means the stream cannot be framed any further:
 * the rest is ignored and {@link #corrupt()} says so. Not thread-safe; never throws (a listener's
 * RuntimeException is counted in {@link #listenerFailures()}).
 */
public final class EventStreamParser {
  /** Receives each message's payload as it streams by, then the message's end. */
  public interface Listener extends SseParser.Listener {
    /**
     * The message about to be dispatched is an exception ({@code :exception-type}) or an error
     * ({@code :error-code}) rather than an event.
     */
    void failure(CharSequence type);
  }

  static final int PRELUDE = 12;
  static final int MAX_HEADER_BYTES = 128 * 1024;
  /** The framing's own ceiling on a message (16 MiB): a larger length is a corrupt prelude. */
  static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
  private static final int HEADER_STRING = 7;
  private static final int HEADER_BYTES = 6;

  private enum Part { PRELUDE, HEADERS, PAYLOAD, CRC }

  private final long maxPayloadBytes;
  private final Listener listener;
  private final CRC32 crc = new CRC32();
  private final byte[] prelude = new byte[PRELUDE];
  private final byte[] trailer = new byte[4];
  private byte[] headers = new byte[256];
  private Part part = Part.PRELUDE;
  private int filled;
  private long totalLength;
  private int headersLength;
  private long payloadLength;
  private long payloadSeen;
  private boolean corrupt;
  private boolean finished;
  private long messages;
  private long dropped;
  private long badChecksums;
  private long listenerFailures;

  public EventStreamParser(int maxPayloadBytes, Listener listener) {
    this.maxPayloadBytes = Math.max(1, maxPayloadBytes);
    this.listener = listener;
  }

  public void feed(byte[] bytes, int offset, int count) {
    if (finished || corrupt || bytes == null || offset < 0 || count <= 0 || offset > bytes.length - count) {
      return;
    }
    int i = offset;
    int end = offset + count;
    while (i < end && !corrupt) {
      switch (part) {
        case PRELUDE -> i = fillPrelude(bytes, i, end);
        case HEADERS -> i = fillHeaders(bytes, i, end);
        case PAYLOAD -> i = passPayload(bytes, i, end);
        case CRC -> i = fillTrailer(bytes, i, end);
      }
    }
  }

  private int fillPrelude(byte[] bytes, int i, int end) {
    int n = Math.min(PRELUDE - filled, end - i);
    System.arraycopy(bytes, i, prelude, filled, n);
    filled += n;
    if (filled == PRELUDE) {
      crc.reset();
      crc.update(prelude, 0, 8);
      totalLength = uint32(prelude, 0);
      long headerLength = uint32(prelude, 4);
      if (crc.getValue() != uint32(prelude, 8) || totalLength > MAX_MESSAGE_BYTES
          || headerLength > totalLength - PRELUDE - 4) {
        corrupt = true; // no later boundary can be trusted
        return end;
      }
      crc.update(prelude, 8, 4);
      headersLength = (int) headerLength;
      payloadLength = totalLength - PRELUDE - 4 - headersLength;
      payloadSeen = 0;
      filled = 0;
      if (headersLength > headers.length && headersLength <= MAX_HEADER_BYTES) {
        headers = new byte[headersLength];
      }
      part = headersLength > 0 ? Part.HEADERS : next();
    }
    return i + n;
  }

  /** Headers over the cap are checked but not kept: the message is then unnamed. */
  private int fillHeaders(byte[] bytes, int i, int end) {
    int n = Math.min(headersLength - filled, end - i);
    crc.update(bytes, i, n);
    if (headersLength <= headers.length) {
      System.arraycopy(bytes, i, headers, filled, n);
    }
    filled += n;
    if (filled == headersLength) {
      filled = 0;
      part = next();
    }
    return i + n;
  }

  private Part next() {
    return payloadLength > 0 ? Part.PAYLOAD : Part.CRC;
  }

  private int passPayload(byte[] bytes, int i, int end) {
    int n = (int) Math.min(payloadLength - payloadSeen, end - i);
    crc.update(bytes, i, n);
    long room = maxPayloadBytes - payloadSeen;
    if (room > 0) {
      try {
        listener.data(bytes, i, (int) Math.min(room, n));
      } catch (RuntimeException e) {
        listenerFailures++;
      }
    }
    payloadSeen += n;
    if (payloadSeen == payloadLength) {
      part = Part.CRC;
    }
    return i + n;
  }

  private int fillTrailer(byte[] bytes, int i, int end) {
    int n = Math.min(4 - filled, end - i);
    System.arraycopy(bytes, i, trailer, filled, n);
    filled += n;
    if (filled == 4) {
      filled = 0;
      part = Part.PRELUDE;
      messageEnded(crc.getValue() == uint32(trailer, 0));
    }
    return i + n;
  }

  private void messageEnded(boolean intact) {
    messages++;
    boolean kept = headersLength <= headers.length;
    String messageType = kept ? header(":message-type") : null;
    boolean over = payloadLength > maxPayloadBytes;
    if (over) {
      dropped++;
    }
    if (!intact) {
      badChecksums++;
    }
    try {
      if (intact && messageType != null && !"event".equals(messageType)) {
        String type = header("exception".equals(messageType) ? ":exception-type" : ":error-code");
        listener.failure(type == null ? messageType : type);
      }
      // A message whose checksum fails is announced as dropped: what it said is not read.
      listener.dispatch(intact && kept ? header(":event-type") : null, over || !intact);
    } catch (RuntimeException e) {
      listenerFailures++;
    }
  }

  /** A string header's value, or null. Header values of other types are skipped by their sizes. */
  private String header(String wanted) {
    int p = 0;
    while (p < headersLength) {
      int nameLength = headers[p] & 0xFF;
      if (p + 1 + nameLength + 1 > headersLength) {
        return null;
      }
      boolean match = nameLength == wanted.length()
          && new String(headers, p + 1, nameLength, StandardCharsets.UTF_8).equals(wanted);
      p += 1 + nameLength;
      int type = headers[p++] & 0xFF;
      int size;
      switch (type) {
        case 0, 1 -> size = 0;
        case 2 -> size = 1;
        case 3 -> size = 2;
        case 4 -> size = 4;
        case 5, 8 -> size = 8;
        case 9 -> size = 16;
        case HEADER_BYTES, HEADER_STRING -> {
          if (p + 2 > headersLength) {
            return null;
          }
          int length = (headers[p] & 0xFF) << 8 | headers[p + 1] & 0xFF;
          p += 2;
          if (p + length > headersLength) {
            return null;
          }
          if (match && type == HEADER_STRING) {
            return new String(headers, p, length, StandardCharsets.UTF_8);
          }
          size = length;
        }
        default -> {
          return null; // an unknown type: its size is unknown, so are the headers after it
        }
      }
      p += size;
    }
    return null;
  }

  private static long uint32(byte[] b, int at) {
    return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | b[at + 3] & 0xFFL;
  }

  /** The stream ended; a message cut short is not announced. */
  public void finish() {
    finished = true;
  }

  /** Whether the stream ended in the middle of a message. */
  public boolean endedMidMessage() {
    return part != Part.PRELUDE || filled > 0;
  }

  public long messages() { return messages; }
  public long droppedMessages() { return dropped; }
  public long badChecksums() { return badChecksums; }
  public boolean corrupt() { return corrupt; }
  public long listenerFailures() { return listenerFailures; }
}
