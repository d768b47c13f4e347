package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FieldAccessor;

/**
 * Gives a hooked library class the agent's per-object state: a field plus {@link InstrumentedObject}
 * to reach it from the agent. Advice reads the field directly, one field read on the hot path.
 */
public final class StateField {
  private StateField() {}

  public static DynamicType.Builder<?> add(DynamicType.Builder<?> type) {
    return type.defineField(InstrumentedObject.STATE_FIELD, Object.class, Visibility.PRIVATE, FieldManifestation.VOLATILE)
        .implement(InstrumentedObject.class)
        .intercept(FieldAccessor.ofField(InstrumentedObject.STATE_FIELD));
  }
}
