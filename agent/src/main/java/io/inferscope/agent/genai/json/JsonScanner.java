package io.inferscope.agent.genai.json;

import java.nio.CharBuffer;

/**
 * A JSON reader that extracts what a {@link JsonSchema} names while the bytes stream by, building
 * nothing: no tree, no string it was not asked for, no copy of the input. Bytes arrive in any pieces
 * (a piece may end inside a string, an escape, a UTF-8 character or a number), so every state is
 * resumable. It validates the whole grammar, so a malformed document is recognised as such.
 *
 * <p>Bounded by construction: memory is fixed when the scanner is made (the schema's depth, the
 * string caps, a bit per nesting level up to {@link #MAX_DEPTH}); deeper nesting fails the document
 * instead of growing anything, and strings, member names and numbers past their caps are counted,
 * not kept. Each byte is looked at once; untracked strings are skipped in a tight loop.
 *
 * <p>Never throws on input. Not thread-safe: one scanner per stream, fed by one thread at a time.
 * After a failure it ignores everything until {@link #reset}.
 */
public final class JsonScanner {
  /** How the input ended, from {@link #finish}. */
  public enum Outcome {
    /** Nothing but whitespace. */
    EMPTY,
    /** One or more complete values (more than one only in sequence mode), nothing else. */
    VALUE,
    /** Malformed, truncated, nested too deeply, or followed by something that is not a value. */
    INVALID
  }

  static final int MAX_DEPTH = 512;
  private static final int MAX_KEY_BYTES = 64;
  private static final int MAX_NUMBER_CHARS = 40;

  // What the next non-whitespace byte may be.
  private static final int VALUE = 0;
  private static final int ARRAY_FIRST = 1;
  private static final int OBJECT_FIRST = 2;
  private static final int KEY = 3;
  private static final int COLON = 4;
  private static final int AFTER = 5;
  private static final int DONE = 6;
  // Inside a token.
  private static final int STRING = 7;
  private static final int NUMBER = 8;
  private static final int LITERAL = 9;
  private static final int BOM = 10;
  private static final int FAILED = 11;

  // How a string's bytes are treated.
  private static final int SKIP = 0;
  private static final int COUNT = 1;
  private static final int CAPTURE = 2;
  private static final int KEY_BYTES = 3;

  // Number grammar states; the terminal ones are INT, ZERO, FRAC and EXP.
  private static final int N_MINUS = 0;
  private static final int N_ZERO = 1;
  private static final int N_INT = 2;
  private static final int N_DOT = 3;
  private static final int N_FRAC = 4;
  private static final int N_E = 5;
  private static final int N_ESIGN = 6;
  private static final int N_EXP = 7;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final JsonSchema schema;
  private final JsonSink sink;
  private final boolean sequence;
  private final int textCap;

  private int state = VALUE;
  private boolean tooDeep;
  /** In {@link #feedLine}: stop at a CR or LF, noting where, in {@code lineStop}. */
  private boolean lineMode;
  private int lineStop = -1;
  private int depth;
  private boolean started;
  private final long[] arrays = new long[MAX_DEPTH / 64 + 1];
  // Per tracked nesting level (only levels a schema path can reach are kept).
  private final int[] nodes;
  private final long[] counts;
  private final long[] indices;
  // The current level, kept in fields: every value and member name asks for them.
  /** Schema node of the innermost container (-1: untracked, or the document level). */
  private int parent = -1;
  private boolean inArray;
  /** Members or elements so far in the innermost container (saved in {@code counts} while a child is open). */
  private long levelCount;
  /** Schema node and array position of the value about to start. */
  private int valueNode;
  private long valueIndex = -1;

  // String state.
  private int stringMode;
  private boolean inKey;
  private int stringNode;
  private int escape;
  private int hex;
  private int utf8Need;
  private int utf8Code;
  private int cap;
  private final char[] chars;
  private final CharBuffer text;
  private int charCount;
  private long length;
  private final byte[] key = new byte[MAX_KEY_BYTES];
  private int keyLength;
  private boolean keyUnmatchable;

  // Number and literal state.
  private int numberState;
  private boolean numberIntegral;
  private final char[] number = new char[MAX_NUMBER_CHARS];
  private int numberLength;
  private byte[] literal;
  private int literalPos;
  private int bomPos;
  /**
   * The last stream document read whole, against which the next one is matched: made on the first
   * line read ({@link #feedLine}); until then a shared one that never records, so bodies pay nothing.
   */
  private DocumentShape shape = DocumentShape.NONE;
  private boolean replayed;

  /**
   * @param sequence whether the input may hold several top-level values (whitespace-separated, as in
   *     a body of newline-delimited JSON); otherwise a second value is invalid
   * @param textCap chars kept of strings at {@link JsonSchema#TEXT} paths (0: counted only)
   */
  public JsonScanner(JsonSchema schema, JsonSink sink, boolean sequence, int textCap) {
    this.schema = schema;
    this.sink = sink;
    this.sequence = sequence;
    this.textCap = Math.max(0, textCap);
    this.nodes = new int[schema.depth + 1];
    this.counts = new long[schema.depth + 1];
    this.indices = new long[schema.depth + 1];
    this.chars = new char[Math.max(schema.maxFixedCap, this.textCap)];
    this.text = CharBuffer.wrap(chars);
  }

  /** Back to the start of a new input (the next event of a stream, say). */
  public void reset() {
    state = VALUE;
    tooDeep = false;
    depth = 0;
    parent = -1;
    inArray = false;
    levelCount = 0;
    started = false;
    escape = 0;
    utf8Need = 0;
    bomPos = 0;
  }

  /** Whether the last document begun by {@link #feedLine} was read by the previous one's shape (for tests). */
  boolean lastReplayed() {
    return replayed;
  }

  /** Whether the input was given up for nesting deeper than {@link #MAX_DEPTH}: unread, not known to be malformed. */
  public boolean tooDeep() {
    return tooDeep;
  }

  /** Whether the input so far is already known to be invalid (the rest is ignored). */
  public boolean failed() {
    return state == FAILED;
  }

  /** Reads {@code length} bytes from {@code offset}. */
  public void feed(byte[] bytes, int offset, int length) {
    scan(bytes, offset, offset + length);
  }

  /**
   * Reads from {@code from} up to the first CR or LF (a line end, left unread) or {@code to},
   * whichever comes first, and returns where it stopped. For framings that carry JSON in lines (SSE
   * data lines): the line's end is found by the same pass that reads the JSON, so each byte is looked
   * at once (twice when a document compared with the last one's {@link DocumentShape} turns out
   * different). A CR or LF can only be whitespace in JSON, or an error inside a string: stopping there
   * and being given the line separator afterwards reads exactly as {@link #feed} would.
   */
  public int feedLine(byte[] bytes, int from, int to) {
    lineMode = true;
    lineStop = -1;
    int start = from;
    boolean documentStarts = state == VALUE && depth == 0 && !started && !sequence;
    if (documentStarts) {
      if (shape == DocumentShape.NONE) {
        shape = new DocumentShape(chars, text);
      }
      // A stream's next event usually has the last one's shape: read it by comparison if so.
      int end = shape.replay(bytes, from, to, sink);
      replayed = end >= 0;
      if (end >= 0) {
        state = DONE;
        started = true;
        start = end;
      } else {
        shape.startRecording(from);
      }
    }
    try {
      int stop = scan(bytes, start, to);
      if (shape.recording()) {
        // Recorded only when the document ended inside this call, by the fast paths alone.
        if (state == DONE) {
          shape.finishRecording(bytes, stop);
        } else {
          shape.stopRecording();
        }
      }
      return stop;
    } finally {
      lineMode = false;
    }
  }

  private int scan(byte[] bytes, int i, int end) {
    while (i < end) {
      int current = state;
      int step = i;
      if (current <= DONE) {
        i = structure(bytes, i, end);
        if (state > DONE && shape.recording()) {
          shape.stopRecording(); // a token the fast paths do not read: no shape describes it
        }
      } else if (current == STRING) {
        i = string(bytes, i, end);
      } else if (current == NUMBER) {
        i = number(bytes, i, end);
      } else if (current == LITERAL) {
        i = literal(bytes, i, end);
      } else if (current == BOM) {
        i = bom(bytes[i], i);
      } else { // FAILED: the rest is ignored, but a line's end must still be found
        return lineMode ? ByteScan.lineEnd(bytes, i, end) : end;
      }
      if (lineMode && lineStop >= 0) {
        return lineStop;
      }
      if (state == FAILED && lineMode) {
        // The step that failed may have run to the piece's end, or over the line end it failed on.
        return ByteScan.lineEnd(bytes, step, end);
      }
    }
    return end;
  }

  /** The input ended; tells what it held. The scanner must be {@link #reset} before reuse. */
  public Outcome finish() {
    if (state == NUMBER && depth == 0 && terminalNumber()) {
      endNumber();
    }
    if (state == DONE) {
      return Outcome.VALUE;
    }
    return state == VALUE && depth == 0 && !started ? Outcome.EMPTY : Outcome.INVALID;
  }

  private void fail() {
    state = FAILED;
  }

  // ---- Structure: whitespace, brackets, commas, colons and the first byte of each value.

  /**
   * Structural bytes, one after another, until a token (string, number, literal) begins or the
   * input ends: staying in this loop between tokens is what keeps small documents cheap (and it is
   * small enough for the JIT to inline).
   */
  private int structure(byte[] bytes, int i, int end) {
    while (i < end) {
      int c = bytes[i++];
      // What compact JSON has next, asked by state first: a document's shape repeats from event to
      // event, so these branches are predicted where a test of the byte alone would not be.
      int s = state;
      if (s == COLON) {
        if (c == ':') {
          state = VALUE;
          continue;
        }
      } else if (s == AFTER) {
        if (c == ',') {
          state = inArray ? VALUE : KEY;
          continue;
        }
        if (c == (inArray ? ']' : '}')) {
          close(inArray);
          continue;
        }
      } else if (s == KEY || s == OBJECT_FIRST) {
        if (c == '"') {
          // A whole member name inside this piece, without escapes: matched in place.
          int close = plainKey(bytes, i, end);
          if (close >= 0) {
            i = close + 1;
            continue;
          }
        }
      } else if (s == VALUE || s == ARRAY_FIRST) {
        // Whole values inside this piece that need no token state: a string without escapes (ASCII
        // if its text is kept), an integer, null; and the start of an object or array.
        if (c == '"') {
          int close = plainValue(bytes, i, end);
          if (close >= 0) {
            i = close + 1;
            continue;
          }
        } else if (c == '{' || c == '[') {
          valueStarts();
          push(c == '[');
          if (state == FAILED) {
            return end;
          }
          continue;
        } else if (c >= '0' && c <= '9') {
          int after = plainInteger(bytes, i - 1, end);
          if (after >= 0) {
            i = after;
            continue;
          }
        } else if (c == 'n' && plainNull(bytes, i, end)) {
          i += 3;
          continue;
        }
      }
      if ((c == '\n' || c == '\r') && lineMode) {
        lineStop = i - 1;
        return lineStop;
      }
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        if (!structural(c & 0xFF)) {
          i--; // the byte starts the next value of a sequence: read it again
        }
        if (state > DONE) {
          return state == FAILED ? end : i; // a token begins, or the input is given up
        }
      }
    }
    return end;
  }

  /** One structural byte; false when it was not consumed (it starts the next document of a sequence). */
  private boolean structural(int c) {
    switch (state) {
      case VALUE:
      case ARRAY_FIRST:
        if (c == ']' && state == ARRAY_FIRST) {
          close(true);
        } else if (c == 0xEF && depth == 0 && !started) {
          startBom();
        } else {
          startValue(c);
        }
        return true;
      case OBJECT_FIRST:
      case KEY:
        if (c == '"') {
          startKey();
        } else if (c == '}' && state == OBJECT_FIRST) {
          close(false);
        } else {
          fail();
        }
        return true;
      case COLON:
        if (c == ':') {
          state = VALUE;
        } else {
          fail();
        }
        return true;
      case AFTER:
        if (c == ',') {
          state = inArray ? VALUE : KEY;
        } else if (c == (inArray ? ']' : '}')) {
          close(inArray);
        } else {
          fail();
        }
        return true;
      default: // DONE
        return !afterDocument();
    }
  }

  // Rare branches of structure(), kept out of it so that it stays small enough to be inlined.

  private void startBom() {
    state = BOM;
    bomPos = 1;
  }

  /** Something after a complete top-level value: the next value of a sequence, else an error. */
  private boolean afterDocument() {
    if (sequence) {
      state = VALUE;
      return true;
    }
    fail();
    return false;
  }

  /** Skips a UTF-8 byte order mark at the very start, as a decoder would. */
  private int bom(byte b, int i) {
    int expected = bomPos == 1 ? 0xBB : 0xBF;
    if ((b & 0xFF) != expected) {
      fail();
    } else if (++bomPos == 3) {
      started = true; // only one mark, and only at the start
      state = VALUE;
    }
    return i + 1;
  }

  private void startValue(int c) {
    valueStarts();
    switch (c) {
      case '{':
        push(false);
        break;
      case '[':
        push(true);
        break;
      case '"':
        startString();
        break;
      case 't':
        startLiteral(TRUE);
        break;
      case 'f':
        startLiteral(FALSE);
        break;
      case 'n':
        startLiteral(NULL);
        break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          startNumber(c);
        } else {
          fail();
        }
    }
  }

  /** Where the value about to start sits: the schema node and array position it gets. */
  private void valueStarts() {
    started = true;
    if (depth == 0) {
      valueNode = 0;
      valueIndex = -1;
    } else if (inArray) {
      valueNode = parent < 0 ? -1 : schema.elements[parent];
      valueIndex = parent < 0 ? -1 : levelCount;
      levelCount++;
    } // in an object, the member name already chose valueNode
  }

  /**
   * A member name whose closing quote is in this piece, with no escape: matched in place. Returns
   * the closing quote's index, or -1 to take the general path (nothing was changed then).
   */
  private int plainKey(byte[] bytes, int from, int end) {
    int close = ByteScan.stringContentEnd(bytes, from, end);
    if (close == end || bytes[close] != '"') {
      return -1;
    }
    levelCount++;
    int length = close - from;
    valueNode = parent < 0 ? -1 : length > MAX_KEY_BYTES ? schema.anyMember(parent) : schema.child(parent, bytes, from, length);
    valueIndex = -1;
    state = COLON;
    return close;
  }

  /**
   * A string value whose closing quote is in this piece, with no escape, done in place: skipped,
   * only counted, or, when its text is kept, ASCII (its chars are its bytes). Returns the closing
   * quote's index, or -1 for the general path (which decodes UTF-8; nothing was changed then).
   */
  private int plainValue(byte[] bytes, int from, int end) {
    int close = ByteScan.stringContentEnd(bytes, from, end);
    if (close == end || bytes[close] != '"') {
      return -1;
    }
    int saveNode = valueNode;
    long saveIndex = valueIndex;
    boolean saveStarted = started;
    long saveCount = levelCount;
    valueStarts();
    int tag = tag(valueNode);
    int cap = tag < 0 ? 0 : cap(valueNode);
    boolean wanted = tag >= 0 && sink.wants(tag);
    int kept = 0;
    if (wanted && cap > 0) {
      if (!ByteScan.isAscii(bytes, from, close)) {
        valueNode = saveNode; // undo what valueStarts() did
        valueIndex = saveIndex;
        started = saveStarted;
        levelCount = saveCount;
        return -1;
      }
      kept = ByteScan.widen(bytes, from, close, chars, cap);
    }
    if (shape.recording()) {
      shape.value(DocumentShape.STRING, tag, cap, from, close);
    }
    if (wanted) {
      sink.string(tag, text.clear().limit(kept), close - from);
    }
    valueDone();
    return close;
  }

  /** Chars kept of a string at this tagged node (0: it is only counted). */
  private int cap(int node) {
    int pathCap = schema.caps[node];
    return pathCap == JsonSchema.TEXT ? textCap : pathCap;
  }

  /**
   * A non-negative integer of at most 18 digits ending inside this piece (followed by something
   * that is neither a fraction nor an exponent): read in place. Returns the index after it, or -1.
   */
  private int plainInteger(byte[] bytes, int from, int end) {
    int i = plainIntegerEnd(bytes, from, end);
    if (i < 0) {
      return -1;
    }
    valueStarts();
    int tag = tag(valueNode);
    if (shape.recording()) {
      shape.value(DocumentShape.INTEGER, tag, 0, from, i);
    }
    if (tag >= 0) {
      sink.integer(tag, digits(bytes, from, i));
    }
    valueDone();
    return i;
  }

  /**
   * Where a non-negative integer of at most 18 digits at {@code from} ends, when that is inside the
   * piece and what follows is neither a fraction, an exponent nor another digit, and it has no leading
   * zero; else -1 (the general path judges it).
   */
  static int plainIntegerEnd(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end && i - from < 18 && bytes[i] >= '0' && bytes[i] <= '9') {
      i++;
    }
    if (i == from || i == end || i - from == 18) {
      return -1;
    }
    byte next = bytes[i];
    if (next == '.' || next == 'e' || next == 'E' || (bytes[from] == '0' && i - from > 1) || (next >= '0' && next <= '9')) {
      return -1;
    }
    return i;
  }

  /** The value of the digits {@code [from, to)} (at most 18 of them). */
  static long digits(byte[] bytes, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  /** {@code null} whose last letters are inside this piece ({@code from} is after the 'n'). */
  private boolean plainNull(byte[] bytes, int from, int end) {
    if (from + 3 > end || bytes[from] != 'u' || bytes[from + 1] != 'l' || bytes[from + 2] != 'l') {
      return false;
    }
    valueStarts();
    int tag = tag(valueNode);
    if (tag >= 0) {
      if (shape.recording()) {
        shape.call(DocumentShape.NULL, tag, false, 0, 0);
      }
      sink.nul(tag);
    }
    valueDone();
    return true;
  }

  private void push(boolean array) {
    if (depth == MAX_DEPTH) {
      tooDeep = true;
      fail(); // nested past any real payload: the document is given up, nothing grows
      return;
    }
    if (depth < counts.length) {
      counts[depth] = levelCount;
    }
    depth++;
    long bit = 1L << (depth & 63);
    if (array) {
      arrays[depth >> 6] |= bit;
    } else {
      arrays[depth >> 6] &= ~bit;
    }
    if (depth < nodes.length) {
      nodes[depth] = valueNode;
      indices[depth] = valueIndex;
      parent = valueNode;
    } else {
      parent = -1;
    }
    inArray = array;
    levelCount = 0;
    int tag = tag(valueNode);
    if (tag >= 0) {
      if (shape.recording()) {
        shape.call(DocumentShape.BEGIN, tag, array, valueIndex, 0);
      }
      sink.begin(tag, array, valueIndex);
    }
    state = array ? ARRAY_FIRST : OBJECT_FIRST;
  }

  private void close(boolean array) {
    int tag = tag(parent);
    if (tag >= 0) {
      if (shape.recording()) {
        shape.call(DocumentShape.END, tag, array, levelCount, indices[depth]);
      }
      sink.end(tag, array, levelCount, indices[depth]);
    }
    depth--;
    parent = depth > 0 ? node(depth) : -1;
    inArray = depth > 0 && isArray(depth);
    levelCount = depth > 0 && depth < counts.length ? counts[depth] : 0;
    valueDone();
  }

  private void valueDone() {
    if (depth > 0) {
      state = AFTER;
      return;
    }
    state = DONE;
    if (shape.recording()) {
      shape.call(DocumentShape.DOCUMENT, -1, false, 0, 0);
    }
    sink.document();
  }

  private boolean isArray(int level) {
    return (arrays[level >> 6] & (1L << (level & 63))) != 0;
  }

  private int node(int level) {
    return level < nodes.length ? nodes[level] : -1;
  }

  private int tag(int node) {
    return node < 0 ? -1 : schema.tags[node];
  }

  // ---- Strings: member names and values.

  private void startKey() {
    levelCount++;
    inKey = true;
    stringMode = parent < 0 ? SKIP : KEY_BYTES;
    keyLength = 0;
    keyUnmatchable = false;
    beginString();
  }

  private void startString() {
    inKey = false;
    stringNode = valueNode;
    int tag = tag(stringNode);
    if (tag < 0 || !sink.wants(tag)) {
      stringMode = SKIP;
    } else {
      cap = cap(stringNode);
      stringMode = cap > 0 ? CAPTURE : COUNT;
      charCount = 0;
      length = 0;
    }
    beginString();
  }

  private void beginString() {
    state = STRING;
    escape = 0;
    utf8Need = 0;
  }

  private int string(byte[] bytes, int i, int end) {
    while (i < end) {
      if (escape != 0) {
        escapeByte(bytes[i++]);
        if (state == FAILED) {
          return end;
        }
        continue;
      }
      int start = i;
      // The hot loop: plain string content, eight bytes at a time.
      i = ByteScan.stringContentEnd(bytes, i, end);
      if (i > start) {
        content(bytes, start, i);
      }
      if (i == end) {
        return end;
      }
      byte b = bytes[i++];
      if (b == '"') {
        endString();
        return i;
      }
      if (b == '\\') {
        escape = 1;
      } else if ((b == '\n' || b == '\r') && lineMode) {
        lineStop = i - 1; // the line ends inside the string: the separator that follows makes it invalid
        return lineStop;
      } else {
        fail(); // a raw control character
        return end;
      }
    }
    return end;
  }

  /** Plain content bytes {@code [from, to)} of the current string. */
  private void content(byte[] bytes, int from, int to) {
    switch (stringMode) {
      case COUNT:
        length += to - from;
        break;
      case CAPTURE:
        capture(bytes, from, to);
        break;
      case KEY_BYTES:
        int n = Math.min(to - from, MAX_KEY_BYTES - keyLength);
        for (int k = 0; k < n; k++) { // member names are short: a loop beats arraycopy's call
          key[keyLength + k] = bytes[from + k];
        }
        keyLength += n;
        keyUnmatchable |= n < to - from;
        break;
      default: // SKIP
    }
  }

  private void capture(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      if (charCount == cap && utf8Need == 0) {
        length += to - i; // the cap is reached: the rest is only counted
        return;
      }
      int b = bytes[i++];
      if (b >= 0 && utf8Need == 0) {
        chars[charCount++] = (char) b;
        length++;
      } else {
        utf8(b & 0xFF);
      }
    }
  }

  /** One byte of a multi-byte UTF-8 character; malformed sequences become U+FFFD, as a decoder does. */
  private void utf8(int b) {
    if (utf8Need > 0) {
      if ((b & 0xC0) == 0x80) {
        utf8Code = (utf8Code << 6) | (b & 0x3F);
        if (--utf8Need == 0) {
          codePoint(utf8Code);
        }
        return;
      }
      utf8Need = 0;
      emit('\uFFFD');
    }
    if (b < 0x80) {
      emit((char) b);
    } else if ((b & 0xE0) == 0xC0) {
      utf8Need = 1;
      utf8Code = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      utf8Need = 2;
      utf8Code = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      utf8Need = 3;
      utf8Code = b & 0x07;
    } else {
      emit('\uFFFD');
    }
  }

  private void codePoint(int code) {
    if (code < 0x10000) {
      emit((char) code);
    } else if (code <= 0x10FFFF) {
      emit(Character.highSurrogate(code));
      emit(Character.lowSurrogate(code));
    } else {
      emit('\uFFFD');
    }
  }

  private void emit(char c) {
    if (charCount < cap) {
      chars[charCount++] = c;
    }
    length++;
  }

  private void escapeByte(byte b) {
    if (escape == 1) {
      char c;
      switch (b) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
          escape = 2;
          hex = 0;
          return;
        default:
          fail();
          return;
      }
      escape = 0;
      escaped(c);
      return;
    }
    int digit = Character.digit(b, 16);
    if (digit < 0 || b < 0) {
      fail();
      return;
    }
    hex = (hex << 4) | digit;
    if (++escape == 6) {
      escape = 0;
      escaped((char) hex); // a surrogate pair arrives as two escapes: in order, they rebuild it
    }
  }

  private void escaped(char c) {
    switch (stringMode) {
      case COUNT:
        length++;
        break;
      case CAPTURE:
        if (utf8Need > 0) {
          utf8Need = 0;
          emit('\uFFFD');
        }
        emit(c);
        break;
      case KEY_BYTES:
        if (c < 0x80 && keyLength < MAX_KEY_BYTES) {
          key[keyLength++] = (byte) c;
        } else {
          keyUnmatchable = true; // every registered name is short ASCII
        }
        break;
      default: // SKIP
    }
  }

  private void endString() {
    if (inKey) {
      valueNode = parent < 0 ? -1 : keyUnmatchable ? schema.anyMember(parent) : schema.child(parent, key, keyLength);
      valueIndex = -1;
      state = COLON;
      return;
    }
    if (stringMode != SKIP) {
      if (utf8Need > 0) {
        utf8Need = 0;
        emit('\uFFFD');
      }
      int n = charCount;
      if (n > 0 && n == cap && Character.isHighSurrogate(chars[n - 1])) {
        n--; // never keep half of a pair cut by the cap
      }
      text.clear().limit(n);
      sink.string(schema.tags[stringNode], text, length);
    }
    valueDone();
  }

  // ---- Numbers and literals.

  private void startNumber(int c) {
    state = NUMBER;
    numberIntegral = true;
    numberLength = 0;
    appendNumber(c);
    numberState = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
  }

  private void appendNumber(int c) {
    if (numberLength < MAX_NUMBER_CHARS) {
      number[numberLength] = (char) c;
    }
    numberLength++;
  }

  private int number(byte[] bytes, int i, int end) {
    while (i < end) {
      int c = bytes[i];
      boolean digit = c >= '0' && c <= '9';
      int next;
      switch (numberState) {
        case N_MINUS:
          next = c == '0' ? N_ZERO : digit ? N_INT : -1;
          break;
        case N_ZERO:
          next = c == '.' ? N_DOT : (c == 'e' || c == 'E') ? N_E : -2;
          break;
        case N_INT:
          next = digit ? N_INT : c == '.' ? N_DOT : (c == 'e' || c == 'E') ? N_E : -2;
          break;
        case N_DOT:
          next = digit ? N_FRAC : -1;
          break;
        case N_FRAC:
          next = digit ? N_FRAC : (c == 'e' || c == 'E') ? N_E : -2;
          break;
        case N_E:
          next = (c == '+' || c == '-') ? N_ESIGN : digit ? N_EXP : -1;
          break;
        case N_ESIGN:
          next = digit ? N_EXP : -1;
          break;
        default: // N_EXP
          next = digit ? N_EXP : -2;
      }
      if (next == -1) {
        fail();
        return end;
      }
      if (next == -2) {
        endNumber(); // this byte follows the number: the structure reads it
        return i;
      }
      if (next == N_DOT || next == N_E) {
        numberIntegral = false;
      }
      numberState = next;
      appendNumber(c);
      i++;
    }
    return end;
  }

  private boolean terminalNumber() {
    return numberState == N_ZERO || numberState == N_INT || numberState == N_FRAC || numberState == N_EXP;
  }

  private void endNumber() {
    int tag = tag(valueNode);
    if (tag >= 0 && numberLength <= MAX_NUMBER_CHARS) {
      long value = numberIntegral ? parseLong() : Long.MIN_VALUE;
      if (value != Long.MIN_VALUE) {
        sink.integer(tag, value);
      } else {
        sink.decimal(tag, Double.parseDouble(new String(number, 0, numberLength)));
      }
    } // longer numbers are validated but not reported: no count or setting is that long
    valueDone();
  }

  /** The integer, or Long.MIN_VALUE when it does not fit (reported as a decimal instead). */
  private long parseLong() {
    boolean negative = number[0] == '-';
    long value = 0;
    for (int i = negative ? 1 : 0; i < numberLength; i++) {
      int digit = number[i] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return Long.MIN_VALUE;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private void startLiteral(byte[] word) {
    state = LITERAL;
    literal = word;
    literalPos = 1;
  }

  private int literal(byte[] bytes, int i, int end) {
    while (i < end && literalPos < literal.length) {
      if (bytes[i++] != literal[literalPos++]) {
        fail();
        return end;
      }
    }
    if (literalPos == literal.length) {
      int tag = tag(valueNode);
      if (tag >= 0) {
        if (literal == NULL) {
          sink.nul(tag);
        } else {
          sink.bool(tag, literal == TRUE);
        }
      }
      valueDone();
    }
    return i;
  }
}
