package io.inferscope.agent.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A response body as an exchange inspects it, in bounded memory whatever the server sends: plain
 * bytes are handed to the reader as they pass, up to a cap; a gzip body (as a client sees it before
 * decompressing it for the application) is kept compressed up to the cap and decoded at its end in
 * small pieces, never to more than the cap; any other content encoding is not inspected. Past the
 * cap nothing more is read: the reader keeps what it got.
 *
 * <p>Not thread-safe: the exchange that owns it serialises access (one thread delivers a body).
 */
public final class InspectedBody {
  /** Receives the (decoded) body bytes, in order. */
  public interface Reader {
    void bytes(byte[] bytes, int offset, int length);
  }

  /** A response's {@code Content-Encoding}, as far as the agent can read it. */
  public enum Encoding {
    IDENTITY, GZIP, OTHER;

    /** From the header as received: absent or empty is identity; case and surrounding spaces do not matter. */
    public static Encoding of(String contentEncoding) {
      String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
      if (encoding.equals("identity") || encoding.isEmpty()) {
        return IDENTITY;
      }
      return encoding.equals("gzip") ? GZIP : OTHER;
    }
  }

  private final int maxBytes;
  private final Reader reader;
  /** This body's own {@link #feed(byte[], int, int)}, for {@link BufferViews}: made once, not per buffer. */
  private final Reader feeder = this::feed;
  private Encoding encoding = Encoding.IDENTITY;
  private long length;
  private boolean gaveUp;
  private byte[] compressed;

  public InspectedBody(int maxBytes, Reader reader) {
    this.maxBytes = maxBytes;
    this.reader = reader;
  }

  /** How the body is encoded (identity unless told otherwise); an encoding the agent does not decode is not inspected. */
  public void encoding(Encoding bodyEncoding) {
    encoding = bodyEncoding;
  }

  /** Whether bytes are still wanted: a known encoding, within the cap so far. */
  public boolean inspecting() {
    return encoding != Encoding.OTHER && !gaveUp;
  }

  /** Whether the body was given up: past the cap, or gzip that did not decode (what was read before stays read). */
  public boolean gaveUp() {
    return gaveUp;
  }

  /** Body bytes, in place (never kept, except compressed gzip bytes up to the cap). */
  public void feed(byte[] bytes, int offset, int length) {
    if (length <= 0 || !inspecting()) {
      return;
    }
    if (this.length + length > maxBytes) {
      gaveUp = true; // past the cap only what was read so far is known: nothing more is read
      compressed = null;
      return;
    }
    if (encoding == Encoding.GZIP) {
      buffer(bytes, offset, length);
    } else {
      reader.bytes(bytes, offset, length);
    }
    this.length += length;
  }

  /**
   * A view of body bytes on their way to the application ({@link BufferViews}), only while bytes are
   * wanted; its position is never moved.
   */
  public void feed(ByteBuffer view) {
    if (inspecting()) {
      BufferViews.read(view, feeder);
    }
  }

  /** The compressed body, kept up to the cap (no more than the cap's worth of bytes ever inspected). */
  private void buffer(byte[] bytes, int offset, int length) {
    int needed = (int) this.length + length;
    if (compressed == null || compressed.length < needed) {
      int size = Math.min(maxBytes, Math.max(needed, compressed == null ? 4096 : compressed.length * 2));
      compressed = compressed == null ? new byte[size] : Arrays.copyOf(compressed, size);
    }
    System.arraycopy(bytes, offset, compressed, (int) this.length, length);
  }

  /**
   * The body's end: a buffered gzip body is decoded now (bounded like the body itself). Call once.
   *
   * @return whether the reader was given a whole body: false past the cap, for an encoding not
   *     inspected, for gzip that does not decode within the cap (then {@link #gaveUp}), and for a
   *     gzip body of no bytes at all
   */
  public boolean end() {
    if (!inspecting()) {
      return false;
    }
    if (encoding != Encoding.GZIP) {
      return true;
    }
    byte[] gzip = compressed;
    compressed = null;
    if (gzip == null) {
      return false;
    }
    if (!Gzip.decode(gzip, (int) length, maxBytes, reader::bytes)) {
      gaveUp = true; // corrupt or larger than the cap decoded: what was decoded before stays read
      return false;
    }
    return true;
  }

  /** Drops the buffered bytes (inspection stops, e.g. after a failure of ours). */
  public void release() {
    compressed = null;
    gaveUp = true;
  }
}
