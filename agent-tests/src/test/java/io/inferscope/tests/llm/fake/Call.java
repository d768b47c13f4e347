package io.inferscope.tests.llm.fake;

import java.util.List;
import java.util.Map;

/**
 * One routed request as the wire formats see it: the parsed JSON body, the model it was routed for
 * (from the body or the path) and the behaviour that model selects.
 */
record Call(RecordedRequest request, Map<String, Object> body, String model, Behaviour behaviour) {

  boolean flag(String name, boolean absent) {
    Object v = body.get(name);
    return v instanceof Boolean b ? b : absent;
  }

  long number(String name, long absent) {
    Object v = body.get(name);
    return v instanceof Number n ? n.longValue() : absent;
  }

  String string(String name) {
    Object v = body.get(name);
    return v instanceof String s ? s : null;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> object(String name) {
    Object v = body.get(name);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  /** The model named in answers: the requested one plus a version suffix, as real services do. */
  String responseModel() {
    return model + FakeAnswer.RESPONSE_MODEL_SUFFIX;
  }

  String text() {
    return FakeAnswer.text(behaviour);
  }

  List<String> pieces() {
    return FakeAnswer.pieces(behaviour);
  }

  int outputTokens() {
    return FakeAnswer.outputTokens(behaviour);
  }

  /** False for {@link Behaviour#NO_USAGE}: the answer then carries no usage, whatever was asked. */
  boolean reportsUsage() {
    return behaviour != Behaviour.NO_USAGE;
  }

  /**
   * How many inputs an embeddings request has: a string is one, a list of strings or of token
   * lists is one per element, a flat list of token ids is one.
   */
  static int inputCount(Object input) {
    if (input instanceof List<?> list) {
      if (list.isEmpty()) {
        return 1;
      }
      return list.get(0) instanceof Number ? 1 : list.size();
    }
    return 1;
  }
}
