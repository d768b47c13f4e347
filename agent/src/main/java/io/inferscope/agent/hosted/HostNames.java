package io.inferscope.agent.hosted;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Renames our relocated OpenTelemetry and Byte Buddy references in a class file to the OpenTelemetry Java
 * agent's own classes, so that InferScope's code, loaded inside that agent, uses them instead of second
 * copies:
 * <ul>
 *   <li>its API and SDK: one {@code Context} (our spans are children of its spans), one SDK (its
 *       exporters, resource, sampler);
 *   <li>its Byte Buddy, already loaded and compiled by the time our first hook is built: our copy is
 *       about a thousand classes, which an application that loads a hooked library while it starts
 *       would otherwise load, verify and warm up during that start.
 * </ul>
 *
 * <p>The agent keeps the API, context and common packages on the bootstrap path under its shaded
 * prefix, and the SDK and Byte Buddy under their own names in its class loader; it remaps its
 * extensions' classes the same way. Its Byte Buddy is {@code byte-buddy-dep}, whose ASM is
 * {@code org.objectweb.asm} where ours is Byte Buddy's repackaged one. What we bundle besides (our
 * exporters, the SDK's autoconfiguration helpers) keeps its relocated name: hosted code never runs it.
 *
 * <p>Every class name a class file uses (its own, its references, descriptors, signatures, annotation
 * types) is text in its constant pool, so renaming rewrites those UTF-8 entries and copies the rest of
 * the file as it is: no bytecode library, so the loader that renames loads none.
 */
final class HostNames {
  // Shade relocates these two constants to where it put our copies; in unit tests they stay as written.
  private static final String OUR_OPENTELEMETRY = "io.opentelemetry.";
  private static final String OUR_BYTE_BUDDY = "net.bytebuddy.";
  // Assembled at run time, so that shade leaves them as they are: the agent's names.
  private static final String HOST_SDK = String.join("/", "io", "opentelemetry", "");
  private static final String HOST_SHADED = String.join("/", "io", "opentelemetry", "javaagent", "shaded", HOST_SDK);
  private static final String HOST_BYTE_BUDDY = String.join("/", "net", "bytebuddy", "");
  private static final String HOST_ASM = String.join("/", "org", "objectweb", "asm", "");
  private static final String OUR_ASM = "jar/asm/";

  private static final int UTF8 = 1;
  private static final int STRING = 8;

  private final String ourOpenTelemetryName;
  private final String ourByteBuddyName;
  private final byte[] ourOpenTelemetry;
  private final byte[] ourByteBuddy;

  /** The names shade gave our copies in this build. */
  HostNames() {
    this(OUR_OPENTELEMETRY.replace('.', '/'), OUR_BYTE_BUDDY.replace('.', '/'));
  }

  /** @param ourOpenTelemetry where our OpenTelemetry is, as an internal-name prefix ending in '/'; likewise Byte Buddy */
  HostNames(String ourOpenTelemetry, String ourByteBuddy) {
    this.ourOpenTelemetryName = ourOpenTelemetry;
    this.ourByteBuddyName = ourByteBuddy;
    this.ourOpenTelemetry = ourOpenTelemetry.getBytes(StandardCharsets.UTF_8);
    this.ourByteBuddy = ourByteBuddy.getBytes(StandardCharsets.UTF_8);
  }

  /** The internal name as the agent knows it (unchanged when it names nothing the agent provides). */
  String map(String internalName) {
    if (internalName.startsWith(ourByteBuddyName)) {
      String rest = internalName.substring(ourByteBuddyName.length());
      return rest.startsWith(OUR_ASM) ? HOST_ASM + rest.substring(OUR_ASM.length()) : HOST_BYTE_BUDDY + rest;
    }
    if (!internalName.startsWith(ourOpenTelemetryName)) {
      return internalName;
    }
    String rest = internalName.substring(ourOpenTelemetryName.length());
    if (rest.startsWith("api/") || rest.startsWith("context/") || rest.startsWith("common/")) {
      return HOST_SHADED + rest;
    }
    return rest.startsWith("sdk/") ? HOST_SDK + rest : internalName;
  }

  /**
   * The class file with every name in its constant pool {@link #map mapped}; the same array when it
   * names neither of our copies. String constants are left as written (a string constant and a name
   * that are the same text share one entry, renamed then: our code has no such string).
   *
   * @throws IllegalArgumentException if it is not a class file this reader knows
   */
  byte[] rename(byte[] classFile) {
    if (indexOf(classFile, 0, classFile.length, ourOpenTelemetry) < 0 && indexOf(classFile, 0, classFile.length, ourByteBuddy) < 0) {
      return classFile;
    }
    int count = u2(classFile, 8);
    int[] offsets = new int[count];
    int end = poolEntries(classFile, offsets);
    // String constants keep their text, as ASM's remapping keeps it: they are not names.
    BitSet strings = new BitSet(count);
    for (int index = 1; index < count; index++) {
      if (offsets[index] > 0 && classFile[offsets[index]] == STRING) {
        strings.set(u2(classFile, offsets[index] + 1));
      }
    }
    Out out = new Out(classFile.length + 1024);
    out.write(classFile, 0, 10);
    for (int index = 1; index < count; index++) {
      int at = offsets[index];
      if (at == 0) {
        continue; // the second slot of a long or double
      }
      int next = nextEntry(offsets, index, end);
      if (classFile[at] == UTF8 && !strings.get(index)) {
        out.write(UTF8);
        renameUtf8(classFile, at + 3, next, out);
      } else {
        out.write(classFile, at, next - at);
      }
    }
    out.write(classFile, end, classFile.length - end);
    return out.toByteArray();
  }

  /** Notes where each constant pool entry starts ({@code 0} for the unused slot after a long or double); returns where the pool ends. */
  private static int poolEntries(byte[] classFile, int[] offsets) {
    int at = 10;
    for (int index = 1; index < offsets.length; index++) {
      offsets[index] = at;
      int tag = classFile[at] & 0xFF;
      switch (tag) {
        case UTF8 -> at += 3 + u2(classFile, at + 1);
        case 3, 4 -> at += 5; // Integer, Float
        case 5, 6 -> { // Long, Double: two slots
          at += 9;
          index++;
        }
        case 7, STRING, 16, 19, 20 -> at += 3; // Class, String, MethodType, Module, Package
        case 9, 10, 11, 12, 17, 18 -> at += 5; // member refs, NameAndType, Dynamic, InvokeDynamic
        case 15 -> at += 4; // MethodHandle
        default -> throw new IllegalArgumentException("constant pool tag " + tag + " at byte " + at);
      }
    }
    return at;
  }

  private static int nextEntry(int[] offsets, int index, int end) {
    for (int next = index + 1; next < offsets.length; next++) {
      if (offsets[next] > 0) {
        return offsets[next];
      }
    }
    return end;
  }

  /** One UTF-8 entry's text, {@code [from, to)}: each name that starts with one of our prefixes mapped. */
  private void renameUtf8(byte[] b, int from, int to, Out out) {
    Out text = new Out(to - from + 64);
    int copied = from;
    for (int i = from; i < to; ) {
      int byteBuddy = indexOf(b, i, to, ourByteBuddy);
      int openTelemetry = indexOf(b, i, to, ourOpenTelemetry);
      int next = byteBuddy < 0 ? openTelemetry : openTelemetry < 0 ? byteBuddy : Math.min(byteBuddy, openTelemetry);
      if (next < 0) {
        break;
      }
      // The name runs to the end of the entry, or of the descriptor or signature element it is in.
      int end = next;
      while (end < to && b[end] != ';' && b[end] != '<' && b[end] != '.') {
        end++;
      }
      text.write(b, copied, next - copied);
      text.writeAll(map(new String(b, next, end - next, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      copied = end;
      i = end;
    }
    text.write(b, copied, to - copied);
    if (text.size() > 0xFFFF) {
      throw new IllegalArgumentException("a renamed constant is longer than a class file allows");
    }
    out.write(text.size() >>> 8);
    out.write(text.size() & 0xFF);
    text.writeTo(out);
  }

  private static int u2(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static int indexOf(byte[] b, int from, int to, byte[] part) {
    outer:
    for (int i = from, last = to - part.length; i <= last; i++) {
      for (int j = 0; j < part.length; j++) {
        if (b[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    void writeAll(byte[] bytes) {
      write(bytes, 0, bytes.length);
    }

    void writeTo(ByteArrayOutputStream target) {
      target.write(buf, 0, count);
    }
  }
}
