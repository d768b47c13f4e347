package io.inferscope.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The capped body every observed exchange reads through: plain bytes in place, gzip buffered and decoded at the end, never past the cap. */
class InspectedBodyTest {
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

  private InspectedBody body(int cap) {
    return new InspectedBody(cap, seen::write);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void encodingsAsReceived() {
    assertEquals(InspectedBody.Encoding.IDENTITY, InspectedBody.Encoding.of(null));
    assertEquals(InspectedBody.Encoding.IDENTITY, InspectedBody.Encoding.of(""));
    assertEquals(InspectedBody.Encoding.IDENTITY, InspectedBody.Encoding.of(" Identity "));
    assertEquals(InspectedBody.Encoding.GZIP, InspectedBody.Encoding.of("GZIP"));
    assertEquals(InspectedBody.Encoding.OTHER, InspectedBody.Encoding.of("br"));
    assertEquals(InspectedBody.Encoding.OTHER, InspectedBody.Encoding.of("gzip, br"));
  }

  @Test
  void plainBytesPassInPlaceUpToTheCapAndNothingAfter() {
    InspectedBody body = body(10);
    body.feed("0123".getBytes(StandardCharsets.US_ASCII), 0, 4);
    body.feed(ByteBuffer.wrap("xx4567yy".getBytes(StandardCharsets.US_ASCII), 2, 4));
    ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) '8').put((byte) '9').flip();
    body.feed(direct);
    assertEquals(0, direct.position(), "a view's position is never moved");
    assertEquals("0123456789", seen.toString(StandardCharsets.US_ASCII));
    assertTrue(body.inspecting());
    body.feed(new byte[] {'!'}, 0, 1);
    assertTrue(body.gaveUp(), "one byte past the cap");
    body.feed(new byte[] {'?'}, 0, 1);
    assertEquals("0123456789", seen.toString(StandardCharsets.US_ASCII), "what was read stays; nothing more is read");
    assertFalse(body.end());
  }

  @Test
  void gzipIsBufferedAndDecodedAtTheEnd() throws IOException {
    byte[] json = "{\"model_name\":\"m\",\"outputs\":[]}".repeat(50).getBytes(StandardCharsets.UTF_8);
    byte[] zipped = gzip(json);
    InspectedBody body = body(1 << 16);
    body.encoding(InspectedBody.Encoding.GZIP);
    for (int i = 0; i < zipped.length; i += 7) {
      body.feed(zipped, i, Math.min(7, zipped.length - i));
    }
    assertEquals(0, seen.size(), "nothing before the end");
    assertTrue(body.end());
    assertArrayEquals(json, seen.toByteArray());
  }

  /** A zip bomb decodes to no more than the cap; corrupt gzip is given up; an encoding not decoded is never read. */
  @Test
  void gzipBombsCorruptGzipAndUnknownEncodingsStayBounded() throws IOException {
    byte[] bomb = gzip(new byte[10 << 20]);
    InspectedBody body = body(1 << 16);
    body.encoding(InspectedBody.Encoding.GZIP);
    body.feed(bomb, 0, bomb.length);
    assertFalse(body.end());
    assertTrue(body.gaveUp());
    assertTrue(seen.size() <= 1 << 16, () -> "decoded " + seen.size());

    seen.reset();
    InspectedBody corrupt = body(1 << 16);
    corrupt.encoding(InspectedBody.Encoding.GZIP);
    byte[] junk = new byte[100];
    Arrays.fill(junk, (byte) 7);
    corrupt.feed(junk, 0, junk.length);
    assertFalse(corrupt.end());
    assertTrue(corrupt.gaveUp());

    InspectedBody compressedPastTheCap = body(16);
    compressedPastTheCap.encoding(InspectedBody.Encoding.GZIP);
    compressedPastTheCap.feed(new byte[17], 0, 17);
    assertTrue(compressedPastTheCap.gaveUp(), "the compressed bytes count against the cap too");

    seen.reset();
    InspectedBody brotli = body(1 << 16);
    brotli.encoding(InspectedBody.Encoding.OTHER);
    brotli.feed(junk, 0, junk.length);
    assertFalse(brotli.inspecting());
    assertFalse(brotli.end());
    assertEquals(0, seen.size());
  }
}
