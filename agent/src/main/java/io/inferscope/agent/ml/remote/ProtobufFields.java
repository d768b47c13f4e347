package io.inferscope.agent.ml.remote;

import io.inferscope.agent.ml.MlAttributes;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads named fields of a protobuf message without linking to protobuf: the application brings its own
 * protobuf (3.x or 4.x), which the agent's loader cannot see. Uses the generic reflection API every
 * message has, generated class or {@code DynamicMessage} alike ({@code MessageOrBuilder}:
 * {@code getDescriptorForType}, {@code getField}, {@code getRepeatedFieldCount},
 * {@code getRepeatedField}; {@code Descriptor.findFieldByName}), through method handles looked up once
 * per message class. Only the fields asked for are touched: tensor contents never are.
 */
final class ProtobufFields {
  private static final ProtobufFields NONE = new ProtobufFields(null, null, null, null, null);
  private static final ClassValue<ProtobufFields> BY_CLASS = new ClassValue<>() {
    @Override
    protected ProtobufFields computeValue(Class<?> type) {
      return lookUp(type);
    }
  };

  private final MethodHandle descriptor;
  private final MethodHandle findField;
  private final MethodHandle getField;
  private final MethodHandle count;
  private final MethodHandle getRepeated;

  private ProtobufFields(MethodHandle descriptor, MethodHandle findField, MethodHandle getField, MethodHandle count,
      MethodHandle getRepeated) {
    this.descriptor = descriptor;
    this.findField = findField;
    this.getField = getField;
    this.count = count;
    this.getRepeated = getRepeated;
  }

  /** The reader for {@code message}'s class; {@link #readable} is false when it is no protobuf message. */
  static ProtobufFields of(Object message) {
    return message == null ? NONE : BY_CLASS.get(message.getClass());
  }

  boolean readable() {
    return descriptor != null;
  }

  /** A field of {@code message} by its proto name: a handle for the other methods, or null when the type has none. */
  Object field(Object message, String name) throws Throwable {
    Object type = descriptor.invoke(message);
    return type == null ? null : findField.invoke(type, name);
  }

  /** A singular field's value (a String, boxed number, message...); null when {@code field} is null. */
  Object value(Object message, Object field) throws Throwable {
    return field == null ? null : getField.invoke(message, field);
  }

  /** How many values a repeated field holds; 0 when {@code field} is null. */
  int count(Object message, Object field) throws Throwable {
    return field == null ? 0 : (int) count.invoke(message, field);
  }

  Object element(Object message, Object field, int index) throws Throwable {
    return getRepeated.invoke(message, field, index);
  }

  /** A string field's value, or null when the type has no such field or it is not a string. */
  String string(Object message, String name) throws Throwable {
    Object value = value(message, field(message, name));
    return value instanceof String ? (String) value : null;
  }

  /**
   * The {@code name} of each message of a repeated message field (a request's outputs, an answer's), in order,
   * at most {@link MlAttributes#MAX_LIST_ITEMS}; {@code ?} for one without a name.
   */
  Set<String> names(Object message, String repeatedField) throws Throwable {
    Object field = field(message, repeatedField);
    int n = Math.min(count(message, field), MlAttributes.MAX_LIST_ITEMS);
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Object item = element(message, field, i);
      String name = of(item).string(item, "name");
      names.add(name == null ? "?" : name);
    }
    return names;
  }

  private static ProtobufFields lookUp(Class<?> type) {
    try {
      ClassLoader loader = type.getClassLoader();
      Class<?> messageType = Class.forName("com.google.protobuf.MessageOrBuilder", false, loader);
      if (!messageType.isAssignableFrom(type)) {
        return NONE;
      }
      Class<?> descriptorType = Class.forName("com.google.protobuf.Descriptors$Descriptor", false, loader);
      Class<?> fieldType = Class.forName("com.google.protobuf.Descriptors$FieldDescriptor", false, loader);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType objectOf1 = MethodType.methodType(Object.class, Object.class);
      MethodType objectOf2 = MethodType.methodType(Object.class, Object.class, Object.class);
      return new ProtobufFields(
          lookup.findVirtual(messageType, "getDescriptorForType", MethodType.methodType(descriptorType)).asType(objectOf1),
          lookup.findVirtual(descriptorType, "findFieldByName", MethodType.methodType(fieldType, String.class))
              .asType(MethodType.methodType(Object.class, Object.class, String.class)),
          lookup.findVirtual(messageType, "getField", MethodType.methodType(Object.class, fieldType)).asType(objectOf2),
          lookup.findVirtual(messageType, "getRepeatedFieldCount", MethodType.methodType(int.class, fieldType))
              .asType(MethodType.methodType(int.class, Object.class, Object.class)),
          lookup.findVirtual(messageType, "getRepeatedField", MethodType.methodType(Object.class, fieldType, int.class))
              .asType(MethodType.methodType(Object.class, Object.class, Object.class, int.class)));
    } catch (ClassNotFoundException | LinkageError e) {
      return NONE; // no protobuf where this class lives: a message of another kind
    } catch (ReflectiveOperationException | RuntimeException e) {
      return NONE;
    }
  }
}
