package io.inferscope.agent.stream;

/** How a streamed response ended; the value of {@code inferscope.stream.outcome}. */
public enum StreamOutcome {
  /** Read to the end. */
  COMPLETED("completed"),
  /** The producer failed; the error reached the reader. */
  ERROR("error"),
  /** Closed by the reader before the end (a normal choice, not an error). */
  CANCELLED("cancelled"),
  /** Neither read nor closed for the idle timeout, or still open at JVM exit. */
  ABANDONED("abandoned");

  private final String attributeValue;

  StreamOutcome(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  public String attributeValue() {
    return attributeValue;
  }
}
