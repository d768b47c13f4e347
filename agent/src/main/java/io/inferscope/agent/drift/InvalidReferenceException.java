package io.inferscope.agent.drift;

import java.io.IOException;

/** A reference file or values CSV that cannot be read: the message names the file, the line and what is wrong. */
public final class InvalidReferenceException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;

  public InvalidReferenceException(String file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** 1-based line number, 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }
}
