package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Member names are found through a hashed table and compared a word at a time, the last word masked:
 * the answer must be exactly a map lookup's, for names that share length, first and last byte (one
 * signature, one probe sequence), names longer than a word, and keys at every offset of the input,
 * up to its very end where no whole word can be read.
 */
class JsonSchemaLookupTest {
  @Test
  void findsExactlyTheRegisteredNames() {
    Random random = new Random(5);
    Map<String, Integer> registered = new HashMap<>();
    JsonSchema.Builder builder = JsonSchema.builder().field("", 0);
    List<String> names = new ArrayList<>();
    while (names.size() < 40) {
      String name = word(random);
      if (registered.putIfAbsent(name, names.size() + 1) == null) {
        names.add(name);
        builder.field(name, names.size());
      }
    }
    JsonSchema schema = builder.build();
    for (int round = 0; round < 50_000; round++) {
      String key = names.get(random.nextInt(names.size()));
      if (random.nextBoolean()) {
        key = mutate(random, key); // mostly a name one byte away from a registered one
      }
      byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
      int before = random.nextInt(10);
      int after = random.nextInt(3) == 0 ? 0 : random.nextInt(12);
      byte[] input = new byte[before + bytes.length + after];
      for (int i = 0; i < input.length; i++) {
        input[i] = (byte) "ab\"x:".charAt(random.nextInt(5)); // neighbours that could pass for the name's next bytes
      }
      System.arraycopy(bytes, 0, input, before, bytes.length);
      int node = schema.child(0, input, before, bytes.length);
      int tag = node < 0 ? -1 : schema.tags[node];
      String asked = key;
      assertEquals(registered.getOrDefault(key, -1), tag, () -> asked + " at " + before + " of " + input.length);
    }
  }

  /** Names from a small alphabet with lengths 1 to 20, so that many share a signature. */
  private static String word(Random random) {
    int length = 1 + random.nextInt(20);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(i == 0 || i == length - 1 ? 'a' : (char) ('a' + random.nextInt(3)));
    }
    return sb.toString();
  }

  private static String mutate(Random random, String name) {
    char[] chars = name.toCharArray();
    int at = random.nextInt(chars.length);
    chars[at] = (char) ('a' + random.nextInt(4));
    return random.nextInt(4) == 0 ? name + "a" : new String(chars);
  }
}
