package io.inferscope.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxModelNameTest {
  @Test
  void fileNameWithoutExtensionNeverTheAbsolutePath() {
    assertEquals("squeezenet", OnnxModelName.of("/srv/models/squeezenet.onnx"));
    assertEquals("resnet50.int8", OnnxModelName.of("resnet50.int8.ORT"));
    assertEquals("bert-base/model", OnnxModelName.of("/models/bert-base/model.onnx"), "generic file names keep their folder");
  }

  @Test
  void longNamesAreCapped() {
    assertEquals(OnnxModelName.MAX_LENGTH, OnnxModelName.of("/m/" + "a".repeat(300) + ".onnx").length());
  }

  @Test
  void inMemoryModelsGetAStableChecksum() {
    byte[] model = {1, 2, 3, 4, 5};
    String name = OnnxModelName.of(model);
    assertTrue(name.matches("onnx-[0-9a-f]{8}"), name);
    assertEquals(name, OnnxModelName.of(model.clone()));
    ByteBuffer buffer = ByteBuffer.wrap(model);
    assertEquals(name, OnnxModelName.of(buffer));
    assertEquals(0, buffer.position(), "the application's buffer is not consumed");
    assertNotEquals(name, OnnxModelName.of(new byte[] {1, 2, 3, 4, 6}));
    assertEquals("memory", OnnxModelName.sourceKind(model));
  }

  @Test
  void executionProvidersFromAddMethods() {
    List<String> providers = ExecutionProviders.with(null, "addCUDA");
    providers = ExecutionProviders.with(providers, "addCUDA");
    providers = ExecutionProviders.with(providers, "addCPU");
    providers = ExecutionProviders.with(providers, "addSomethingNew");
    assertEquals(List.of("CUDA", "CPU"), providers);
    assertEquals("gpu", ExecutionProviders.device(providers));
    assertEquals(List.of("CPU"), ExecutionProviders.of(null));
    assertEquals("cpu", ExecutionProviders.device(ExecutionProviders.of(null)));
  }
}
