package io.inferscope.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Body buffers as clients show them (array-backed, read-only as the JDK HttpClient's, direct): every
 * remaining byte reaches the reader once, in order, and the application's position and limit stay.
 */
class BufferViewsTest {
  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static List<ByteBuffer> views(byte[] bytes, int position, int limit) {
    ByteBuffer heap = ByteBuffer.wrap(bytes);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
    List<ByteBuffer> views = new ArrayList<>();
    for (ByteBuffer whole : List.of(heap, heap.asReadOnlyBuffer(), direct)) {
      views.add(whole.duplicate().limit(limit).position(position));
      // A slice: its index 0 is not the backing array's.
      views.add(whole.duplicate().position(1).slice().limit(limit - 1).position(position - 1));
    }
    return views;
  }

  @Test
  void handsOnEveryRemainingByteInOrderAndLeavesThePosition() {
    for (int length : new int[] {2, 100, 16 * 1024, 16 * 1024 + 1, 3 * 16 * 1024 + 7}) {
      byte[] bytes = random(length + 10, length);
      for (ByteBuffer view : views(bytes, 3, length + 5)) {
        int position = view.position();
        int limit = view.limit();
        byte[] expected = new byte[view.remaining()];
        view.duplicate().get(expected);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        BufferViews.read(view, seen::write);
        assertArrayEquals(expected, seen.toByteArray(), () -> length + " bytes from " + view);
        assertEquals(position, view.position());
        assertEquals(limit, view.limit());
      }
    }
  }

  @Test
  void anArrayBackedViewIsReadInPlace() {
    byte[] bytes = random(64, 1);
    List<byte[]> arrays = new ArrayList<>();
    BufferViews.read(ByteBuffer.wrap(bytes, 8, 20), (b, offset, length) -> {
      arrays.add(b);
      assertEquals(8, offset);
      assertEquals(20, length);
    });
    assertEquals(1, arrays.size());
    assertSame(bytes, arrays.get(0));
  }

  @Test
  void anEmptyViewCallsNothing() {
    ByteBuffer empty = ByteBuffer.allocateDirect(8).position(8);
    BufferViews.read(empty, (b, offset, length) -> {
      throw new AssertionError("called for no bytes");
    });
    BufferViews.read(ByteBuffer.allocate(0), (b, offset, length) -> {
      throw new AssertionError("called for no bytes");
    });
  }

  /** A reader that shows another copied buffer on the same thread must not overwrite the bytes it is given. */
  @Test
  void aNestedReadGetsItsOwnArray() {
    byte[] outer = random(40_000, 2);
    byte[] inner = random(20_000, 3);
    ByteArrayOutputStream seenOuter = new ByteArrayOutputStream();
    ByteArrayOutputStream seenInner = new ByteArrayOutputStream();
    BufferViews.read(ByteBuffer.wrap(outer).asReadOnlyBuffer(), (b, offset, length) -> {
      byte[] before = Arrays.copyOfRange(b, offset, offset + length);
      BufferViews.read(ByteBuffer.wrap(inner).asReadOnlyBuffer(), seenInner::write);
      assertArrayEquals(before, Arrays.copyOfRange(b, offset, offset + length), "the outer piece was overwritten");
      seenOuter.write(b, offset, length);
    });
    assertArrayEquals(outer, seenOuter.toByteArray());
    assertEquals(3 * inner.length, seenInner.size(), "the inner buffer, once per piece of the outer one");
    // Afterwards the thread's scratch array is free again: a plain read still works.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    BufferViews.read(ByteBuffer.wrap(inner).asReadOnlyBuffer(), again::write);
    assertArrayEquals(inner, again.toByteArray());
  }
}
