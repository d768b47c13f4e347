package io.inferscope.agent.genai.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The member names registered under one schema node, and the lookup of a name read from the input.
 * Every member name of every document goes through here, so it is built for the CPU: the name's
 * first eight bytes are read as one word (masked to its length) and hashed into an open-addressing
 * table at most a quarter full. A lookup is then one word read, one probe and one comparison, with no
 * loop over the registered names or over the name's bytes whose exit the CPU would mispredict from
 * one name to the next; only names longer than a word compare their remaining words.
 */
final class MemberNames {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Per slot: the position of the name there plus one; 0 for an empty slot. */
  private final int[] table;
  private final int mask;
  /** Per name: its first word (zero past its length), its length, its bytes padded to whole words, its node. */
  private final long[] firstWords;
  private final int[] lengths;
  private final byte[][] padded;
  private final int[] nodes;

  MemberNames(List<String> names, List<Integer> nodes) {
    int n = names.size();
    this.firstWords = new long[n];
    this.lengths = new int[n];
    this.padded = new byte[n][];
    this.nodes = new int[n];
    this.table = new int[Integer.highestOneBit(Math.max(1, n)) * 4];
    this.mask = table.length - 1;
    for (int c = 0; c < n; c++) {
      byte[] name = names.get(c).getBytes(StandardCharsets.UTF_8);
      padded[c] = java.util.Arrays.copyOf(name, Math.max(8, (name.length + 7) / 8 * 8));
      firstWords[c] = (long) LONGS.get(padded[c], 0);
      lengths[c] = name.length;
      this.nodes[c] = nodes.get(c);
      int slot = slot(firstWords[c], name.length);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = c + 1;
    }
  }

  /** The node of the member named by {@code key[from, from + length)} ({@code length > 0}), or -1. */
  int find(byte[] key, int from, int length) {
    long first = firstWord(key, from, length);
    for (int slot = slot(first, length); ; slot = (slot + 1) & mask) {
      int c = table[slot] - 1;
      if (c < 0) {
        return -1;
      }
      if (firstWords[c] == first && lengths[c] == length && (length <= 8 || sameAfterFirstWord(padded[c], key, from, length))) {
        return nodes[c];
      }
    }
  }

  private int slot(long firstWord, int length) {
    return (int) ((firstWord + length) * 0x9E3779B97F4A7C15L >>> 40) & mask;
  }

  /** The key's first (up to) eight bytes as a word, zero past its length, as the names' are kept. */
  private static long firstWord(byte[] key, int from, int length) {
    if (from + 8 <= key.length) {
      long word = (long) LONGS.get(key, from);
      return length >= 8 ? word : word & ((1L << (length << 3)) - 1);
    }
    long word = 0; // near the end of the input: no whole word to read
    for (int i = Math.min(length, 8) - 1; i >= 0; i--) {
      word = word << 8 | (key[from + i] & 0xFF);
    }
    return word;
  }

  private static boolean sameAfterFirstWord(byte[] name, byte[] key, int from, int length) {
    for (int i = 8; i < length; i++) {
      if (name[i] != key[from + i]) {
        return false;
      }
    }
    return true;
  }
}
