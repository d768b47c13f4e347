package io.inferscope.agent.genai.json;

import java.util.ArrayList;
import java.util.List;

/**
 * The paths of a JSON document a {@link JsonScanner} reports, each with a tag (an int the sink
 * chooses; several paths may share one) and, for string values, how many chars to keep. A path is
 * a dotted list of member names, each optionally followed by {@code []} for "every element of this
 * array": {@code choices[].delta.content}; {@code ""} is the document itself and {@code []} its
 * elements when it is an array; {@code *} is any member of an object not named otherwise (where the
 * names are the document's own, such as a map from tensor names to tensors). Immutable and
 * shareable once built; matching a member name costs one hashed probe among the names registered
 * under its parent ({@link MemberNames}), and nothing at all under an unregistered parent.
 */
public final class JsonSchema {
  /** String cap meaning "the scanner's text cap" (content capture, configured at run time). */
  public static final int TEXT = -2;

  final int[] tags;
  final int[] caps;
  final int[] elements;
  /** Per node: the node of members no registered name matches ({@code *}), or -1. */
  private final int[] anyMember;
  /** Per node: the member names registered under it, or null when none are. */
  private final MemberNames[] members;
  /** Deepest container nesting any path needs, counting the document itself as 1. */
  final int depth;
  final int maxFixedCap;

  private JsonSchema(Builder b) {
    int n = b.tags.size();
    tags = new int[n];
    caps = new int[n];
    elements = new int[n];
    anyMember = new int[n];
    members = new MemberNames[n];
    int maxCap = 0;
    for (int i = 0; i < n; i++) {
      tags[i] = b.tags.get(i);
      caps[i] = b.caps.get(i);
      elements[i] = b.elements.get(i);
      anyMember[i] = b.anyMember.get(i);
      if (!b.childNames.get(i).isEmpty()) {
        members[i] = new MemberNames(b.childNames.get(i), b.childNodes.get(i));
      }
      maxCap = Math.max(maxCap, caps[i]);
    }
    depth = b.depth;
    maxFixedCap = maxCap;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The child node named by {@code key[0, length)} under {@code node}, or -1. */
  int child(int node, byte[] key, int length) {
    return child(node, key, 0, length);
  }

  /** The child node named by {@code key[from, from + length)} under {@code node}, else its {@code *} node, or -1. */
  int child(int node, byte[] key, int from, int length) {
    MemberNames names = members[node];
    int child = names == null || length == 0 ? -1 : names.find(key, from, length);
    return child >= 0 ? child : anyMember[node];
  }

  /** The node of members of {@code node} whose names cannot be matched (too long to compare), or -1. */
  int anyMember(int node) {
    return anyMember[node];
  }

  /** Collects paths; {@link #build} checks them. */
  public static final class Builder {
    private final List<Integer> tags = new ArrayList<>();
    private final List<Integer> caps = new ArrayList<>();
    private final List<Integer> elements = new ArrayList<>();
    private final List<Integer> anyMember = new ArrayList<>();
    private final List<List<String>> childNames = new ArrayList<>();
    private final List<List<Integer>> childNodes = new ArrayList<>();
    private int depth = 1;

    private Builder() {
      node();
    }

    private int node() {
      tags.add(-1);
      caps.add(0);
      elements.add(-1);
      anyMember.add(-1);
      childNames.add(new ArrayList<>());
      childNodes.add(new ArrayList<>());
      return tags.size() - 1;
    }

    /** A path whose strings are only counted, not kept. */
    public Builder field(String path, int tag) {
      return field(path, tag, 0);
    }

    /** @param stringCap chars of a string value to keep (0: count only; {@link JsonSchema#TEXT}: the scanner's text cap) */
    public Builder field(String path, int tag, int stringCap) {
      if (tag < 0 || (stringCap < 0 && stringCap != TEXT)) {
        throw new IllegalArgumentException("bad tag or cap for " + path);
      }
      int node = 0;
      int containers = 1;
      for (String segment : path.isEmpty() ? new String[0] : path.split("\\.", -1)) {
        String name = segment;
        int arrays = 0;
        while (name.endsWith("[]")) {
          name = name.substring(0, name.length() - 2);
          arrays++;
        }
        if (name.equals("*")) {
          int any = anyMember.get(node);
          if (any < 0) {
            any = node();
            anyMember.set(node, any);
          }
          node = any;
          containers++;
        } else if (!name.isEmpty()) {
          node = member(node, name);
          containers++;
        } else if (arrays == 0) {
          throw new IllegalArgumentException("empty segment in " + path);
        }
        for (int a = 0; a < arrays; a++) {
          int element = elements.get(node);
          if (element < 0) {
            element = node();
            elements.set(node, element);
          }
          node = element;
          containers++;
        }
      }
      if (tags.get(node) >= 0 && (tags.get(node) != tag || caps.get(node) != stringCap)) {
        throw new IllegalArgumentException("path registered twice with different tags: " + path);
      }
      tags.set(node, tag);
      caps.set(node, stringCap);
      depth = Math.max(depth, containers);
      return this;
    }

    private int member(int parent, String name) {
      int at = childNames.get(parent).indexOf(name);
      if (at >= 0) {
        return childNodes.get(parent).get(at);
      }
      int child = node();
      childNames.get(parent).add(name);
      childNodes.get(parent).add(child);
      return child;
    }

    public JsonSchema build() {
      return new JsonSchema(this);
    }
  }
}
