package io.inferscope.agent.instrumentation.onnxruntime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the execution providers a session asked for, from the {@code SessionOptions.add*} method that
 * added each ({@code addCUDA} gives {@code CUDA}). With none added, ONNX Runtime runs on the CPU.
 */
final class ExecutionProviders {
  static final List<String> DEFAULT = List.of("CPU");
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("addCUDA", "CUDA"), Map.entry("addROCM", "ROCM"), Map.entry("addCPU", "CPU"),
          Map.entry("addDnnl", "DNNL"), Map.entry("addOpenVINO", "OpenVINO"), Map.entry("addTensorrt", "TensorRT"),
          Map.entry("addNnapi", "NNAPI"), Map.entry("addTvm", "TVM"), Map.entry("addDirectML", "DirectML"),
          Map.entry("addACL", "ACL"), Map.entry("addCoreML", "CoreML"), Map.entry("addXnnpack", "XNNPACK"),
          Map.entry("addQnn", "QNN"), Map.entry("addWebGPU", "WebGPU"), Map.entry("addExecutionProvider", "plugin"));
  private static final Set<String> GPU = Set.of("CUDA", "ROCM", "TensorRT", "DirectML", "WebGPU");

  private ExecutionProviders() {}

  /** @return the list with the provider added by {@code method}; unknown methods leave it unchanged */
  @SuppressWarnings("unchecked")
  static List<String> with(Object current, String method) {
    String label = LABELS.get(method);
    List<String> providers = current instanceof List ? (List<String>) current : List.of();
    if (label == null || providers.contains(label)) {
      return providers;
    }
    List<String> updated = new ArrayList<>(providers);
    updated.add(label);
    return Collections.unmodifiableList(updated);
  }

  @SuppressWarnings("unchecked")
  static List<String> of(Object state) {
    return state instanceof List && !((List<String>) state).isEmpty() ? (List<String>) state : DEFAULT;
  }

  static String device(List<String> providers) {
    return GPU.contains(providers.get(0)) ? "gpu" : "cpu";
  }
}
