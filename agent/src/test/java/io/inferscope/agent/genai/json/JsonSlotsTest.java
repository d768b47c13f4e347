package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which slots hold a value is one bit per tag: the edges of that mask (tags 0 and 63) and its ranges. */
class JsonSlotsTest {
  private static final class Slots extends JsonSlots {
    Slots(int tags) {
      super(tags);
    }

    @Override
    public void document() {}
  }

  @Test
  void everyTagFromZeroToSixtyThreeIsKeptApartAndForgottenByRange() {
    Slots slots = new Slots(64);
    slots.integer(0, 7);
    slots.integer(63, 9);
    slots.decimal(31, 4.0);
    assertEquals(7L, slots.whole(0));
    assertEquals(9L, slots.whole(63));
    assertEquals(4L, slots.whole(31), "an integral decimal is a whole number");
    assertTrue(slots.anyWritten(63, 63));
    assertFalse(slots.anyWritten(1, 30), "nothing was given between them");

    slots.clear(1, 62);
    assertEquals(7L, slots.whole(0), "a range leaves the tags around it");
    assertEquals(9L, slots.whole(63));
    assertNull(slots.whole(31));
    assertEquals(-5L, slots.whole(31, -5), "the primitive form gives the fallback for an absent slot");

    slots.clearAll();
    assertFalse(slots.anyWritten(0, 63));
    assertNull(slots.whole(0));
  }

  @Test
  void nullCountsAsGivenButNotAsPresent() {
    Slots slots = new Slots(8);
    slots.nul(3);
    assertTrue(slots.anyWritten(3, 3));
    assertFalse(slots.present(3));
    slots.decimal(4, 1.5);
    assertEquals(-1L, slots.whole(4, -1), "a fraction is not a whole number");
  }

  @Test
  void moreThanSixtyFourTagsAreRefusedWhenTheReaderIsMade() {
    assertThrows(IllegalArgumentException.class, () -> new Slots(65));
  }
}
