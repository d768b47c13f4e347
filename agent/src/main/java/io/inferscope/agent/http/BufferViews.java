package io.inferscope.agent.http;

import java.nio.ByteBuffer;

/**
 * Body bytes a client shows as a {@link ByteBuffer}, handed to a reader without moving the buffer's
 * position: in place when the buffer has an accessible array, otherwise copied a piece at a time
 * through one scratch array per thread. The JDK HttpClient shows every body buffer read-only, so
 * copying each into a new array cost an allocation per buffer (16 KB each), which showed in its
 * selector thread's profile of a streamed answer (issue 12). Readers must not keep the array.
 */
public final class BufferViews {
  private static final int SCRATCH_BYTES = 16 * 1024;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private BufferViews() {}

  /** Hands {@code view}'s remaining bytes to {@code reader}, in order; nothing for an empty view. */
  public static void read(ByteBuffer view, InspectedBody.Reader reader) {
    int from = view.position();
    int end = view.limit();
    if (from >= end) {
      return;
    }
    if (view.hasArray()) {
      reader.bytes(view.array(), view.arrayOffset() + from, end - from);
      return;
    }
    Scratch scratch = SCRATCH.get();
    // A reader that shows another buffer on the same thread gets an array of its own.
    boolean own = !scratch.busy;
    byte[] bytes = own ? scratch.bytes : new byte[Math.min(end - from, SCRATCH_BYTES)];
    scratch.busy = true;
    try {
      while (from < end) {
        int n = Math.min(bytes.length, end - from);
        view.get(from, bytes, 0, n); // absolute: the application's position stays where it was
        reader.bytes(bytes, 0, n);
        from += n;
      }
    } finally {
      if (own) {
        scratch.busy = false;
      }
    }
  }

  private static final class Scratch {
    final byte[] bytes = new byte[SCRATCH_BYTES];
    boolean busy;
  }
}
