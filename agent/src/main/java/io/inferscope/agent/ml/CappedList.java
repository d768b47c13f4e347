package io.inferscope.agent.ml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Bounds span list attributes in item count and item length. */
final class CappedList {
  private CappedList() {}

  static List<String> of(Collection<String> items) {
    List<String> out = new ArrayList<>(Math.min(items.size(), MlAttributes.MAX_LIST_ITEMS));
    for (String item : items) {
      if (out.size() == MlAttributes.MAX_LIST_ITEMS) {
        break;
      }
      out.add(cap(item));
    }
    return out;
  }

  static String cap(String item) {
    return item == null || item.length() <= MlAttributes.MAX_ITEM_LENGTH ? item : item.substring(0, MlAttributes.MAX_ITEM_LENGTH);
  }
}
