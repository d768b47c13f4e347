package io.inferscope.agent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeFormatTest {
  @Test
  void formatsShapesWithDynamicDimensions() {
    assertEquals("[2,4]", ShapeFormat.format(new long[] {2, 4}));
    assertEquals("[?,3,224,224]", ShapeFormat.format(new long[] {-1, 3, 224, 224}));
    assertEquals("[]", ShapeFormat.format(new long[0]));
  }

  @Test
  void listsAreCappedInCountAndLength() {
    List<String> many = Collections.nCopies(100, "x".repeat(1000));
    List<String> capped = CappedList.of(many);
    assertEquals(MlAttributes.MAX_LIST_ITEMS, capped.size());
    assertEquals(MlAttributes.MAX_ITEM_LENGTH, capped.get(0).length());
  }
}
