package io.inferscope.agent.llm;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure an application sees, out of the wrappers futures put around it. */
public final class Failures {
  private Failures() {}

  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
