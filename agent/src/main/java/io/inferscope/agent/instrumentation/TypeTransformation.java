package io.inferscope.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One class to change: its exact name, a precondition on its description (typically that the hooked
 * method exists in this version of the library, so nothing links against a missing API) and the
 * change itself, applied only when the class is loaded.
 */
public record TypeTransformation(
    String className, ElementMatcher<? super TypeDescription> precondition, Change change) {

  /** Applies advice, fields or interfaces to the class being loaded. */
  @FunctionalInterface
  public interface Change {
    DynamicType.Builder<?> apply(DynamicType.Builder<?> builder);
  }
}
