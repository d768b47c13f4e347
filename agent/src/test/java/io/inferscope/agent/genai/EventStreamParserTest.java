package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {
  /** Records each message as {name, payload}, and failures as {"!failure", type}. */
  static final class Recorder extends Streams.Collector implements EventStreamParser.Listener {
    final List<String> failures = new ArrayList<>();

    @Override
    public void failure(CharSequence type) {
      failures.add(type.toString());
    }
  }

  private static final byte[] STREAM = EventStreamFrames.concat(
      EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
      EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé👋\"}}"),
      EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}"));

  @Test
  void framesMessagesInAnyPieces() {
    for (int piece : new int[] {1, 2, 3, 7, 12, 13, 100, 100_000}) {
      Recorder r = new Recorder();
      EventStreamParser p = new EventStreamParser(1000, r);
      EventStreamFrames.feed(p, STREAM, piece);
      p.finish();
      assertEquals(3, r.events.size(), "piece " + piece);
      assertArrayEquals(new String[] {"messageStart", "{\"role\":\"assistant\"}"}, r.events.get(0));
      assertArrayEquals(new String[] {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé👋\"}}"}, r.events.get(1));
      assertArrayEquals(new String[] {"messageStop", "{\"stopReason\":\"end_turn\"}"}, r.events.get(2));
      assertEquals(3, p.messages());
      assertEquals(0, p.badChecksums());
      assertFalse(p.endedMidMessage());
      assertFalse(p.corrupt());
    }
  }

  @Test
  void exceptionIsReportedWithItsType() {
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(1000, r);
    byte[] bytes = EventStreamFrames.concat(EventStreamFrames.event("messageStart", "{}"),
        EventStreamFrames.exception("throttlingException", "{\"message\":\"slow down\"}"));
    EventStreamFrames.feed(p, bytes, 5);
    assertEquals(List.of("throttlingException"), r.failures);
    assertEquals(2, r.events.size());
    assertEquals(null, r.events.get(1)[0], "an exception has no event type");
  }

  @Test
  void oversizedPayloadIsPassedOnlyUpToTheCapAndDropped() {
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(10, r);
    EventStreamFrames.feed(p, EventStreamFrames.concat(
        EventStreamFrames.event("contentBlockDelta", "{\"delta\":{\"text\":\"a long text\"}}"),
        EventStreamFrames.event("messageStop", "{}")), 4);
    assertEquals("<dropped>", r.events.get(0)[1]);
    assertArrayEquals(new String[] {"messageStop", "{}"}, r.events.get(1), "the next message is framed as usual");
    assertEquals(1, p.droppedMessages());
  }

  @Test
  void badMessageChecksumDropsThatMessageOnly() {
    byte[] first = EventStreamFrames.event("contentBlockDelta", "{\"delta\":{\"text\":\"x\"}}");
    first[first.length - 1] ^= 1;
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(1000, r);
    EventStreamFrames.feed(p, EventStreamFrames.concat(first, EventStreamFrames.event("messageStop", "{}")), 3);
    assertEquals("<dropped>", r.events.get(0)[1]);
    assertArrayEquals(new String[] {"messageStop", "{}"}, r.events.get(1));
    assertEquals(1, p.badChecksums());
  }

  @Test
  void corruptPreludeStopsFraming() {
    byte[] first = EventStreamFrames.event("messageStart", "{}");
    first[2] ^= 0x40; // the total length no longer matches the prelude's CRC
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(1000, r);
    EventStreamFrames.feed(p, EventStreamFrames.concat(first, EventStreamFrames.event("messageStop", "{}")), 1000);
    assertTrue(p.corrupt());
    assertTrue(r.events.isEmpty());
  }

  @Test
  void streamCutMidMessageIsNotAnnounced() {
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(1000, r);
    byte[] whole = EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}");
    p.feed(whole, 0, whole.length - 3);
    p.finish();
    assertTrue(r.events.isEmpty());
    assertTrue(p.endedMidMessage());
  }

  @Test
  void skipsHeadersOfOtherTypes() {
    // A byte-array header (type 6) and an int header (type 4) before the event type.
    java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
    h.write(2); h.writeBytes("ab".getBytes()); h.write(6); h.write(0); h.write(3); h.writeBytes(new byte[] {1, 2, 3});
    h.write(1); h.writeBytes("n".getBytes()); h.write(4); h.writeBytes(new byte[] {0, 0, 0, 9});
    byte[] named = EventStreamFrames.message("{}", ":event-type", "metadata", ":message-type", "event");
    // Rebuild with the extra headers in front.
    byte[] extra = h.toByteArray();
    int oldHeaders = java.nio.ByteBuffer.wrap(named, 4, 4).getInt();
    String payload = "{}";
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(named.length + extra.length);
    int total = named.length + extra.length;
    out.putInt(total).putInt(oldHeaders + extra.length);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(out.array(), 0, 8);
    out.putInt((int) crc.getValue());
    out.put(extra).put(named, 12, oldHeaders).put(payload.getBytes());
    crc.reset();
    crc.update(out.array(), 0, total - 4);
    out.putInt((int) crc.getValue());
    Recorder r = new Recorder();
    EventStreamParser p = new EventStreamParser(1000, r);
    p.feed(out.array(), 0, total);
    assertArrayEquals(new String[] {"metadata", "{}"}, r.events.get(0));
  }
}
