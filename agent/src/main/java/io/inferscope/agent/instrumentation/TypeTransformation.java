package io.inferscope.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One class to change: its exact name, a precondition on its description (typically that the hooked
 * method exists in this version of the library, so nothing links against a missing API) and the
 * change itself, applied only when the class is loaded.
 *
 * @param retransformable whether the change only adds advice to existing methods (no field, method or
 *     interface), so that it can also be applied to a class already loaded when the agent starts: a JDK
 *     class that another agent, or the JVM's own start-up, may have loaded first
 */
public record TypeTransformation(
    String className, ElementMatcher<? super TypeDescription> precondition, Change change, boolean retransformable) {

  /** A change applied only as the class loads (it may add fields and interfaces). */
  public TypeTransformation(String className, ElementMatcher<? super TypeDescription> precondition, Change change) {
    this(className, precondition, change, false);
  }

  /** Applies advice, fields or interfaces to the class being loaded. */
  @FunctionalInterface
  public interface Change {
    DynamicType.Builder<?> apply(DynamicType.Builder<?> builder);
  }
}
