package io.inferscope.agent.ml.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.ml.remote.ModelServerEndpoint.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a request body says: batch size from both TF Serving formats and from Open Inference Protocol shapes, bounded on any body. */
class InferRequestTest {
  private static InferRequest kserve(String json) {
    return InferRequest.read(Protocol.KSERVE_V2, json.getBytes(StandardCharsets.UTF_8));
  }

  private static InferRequest tf(String json) {
    return InferRequest.read(Protocol.TF_SERVING, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void openInferenceProtocolInputsShapesAndRequestedOutputs() {
    InferRequest request = kserve("{\"id\":\"42\",\"parameters\":{\"binary_data_output\":false},\"inputs\":["
        + "{\"name\":\"INPUT0\",\"shape\":[4,16],\"datatype\":\"FP32\",\"data\":[[1,2,3],[4.5,6]]},"
        + "{\"datatype\":\"INT64\",\"data\":[1,2],\"shape\":[4,2],\"name\":\"mask\"}],"
        + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":false}},{\"name\":\"OUTPUT1\"}]}");
    assertEquals(4, request.batchSize());
    List<InferRequest.Input> inputs = request.inputs();
    assertEquals(2, inputs.size());
    assertEquals("INPUT0", inputs.get(0).name());
    assertArrayEquals(new long[] {4, 16}, inputs.get(0).shape());
    assertEquals("mask", inputs.get(1).name(), "the name after the data and shape");
    assertArrayEquals(new long[] {4, 2}, inputs.get(1).shape());
    assertEquals(List.of("OUTPUT0", "OUTPUT1"), List.copyOf(request.requestedOutputs()));
  }

  @Test
  void theBatchIsTheFirstDimensionOfTheFirstInputWithAShape() {
    assertEquals(8, kserve("{\"inputs\":[{\"name\":\"a\",\"shape\":[8]},{\"name\":\"b\",\"shape\":[2,3]}]}").batchSize());
    assertEquals(2, kserve("{\"inputs\":[{\"name\":\"a\"},{\"name\":\"b\",\"shape\":[2,3]}]}").batchSize());
    assertEquals(-1, kserve("{\"inputs\":[{\"name\":\"scalar\",\"shape\":[]}]}").batchSize());
    assertEquals(-1, kserve("{\"inputs\":[]}").batchSize());
    assertEquals(-1, kserve("{\"outputs\":[{\"name\":\"o\"}]}").batchSize());
  }

  /** A shape that is not a list of whole non-negative numbers is no shape: the input is kept, its shape unknown. */
  @Test
  void unreadableShapesAreUnknown() {
    for (String shape : new String[] {"[-1,4]", "[1.5]", "[\"2\"]", "[null]", "[true]", "{\"0\":2}", "3", "\"[2]\"", "[[2]]"}) {
      InferRequest request = kserve("{\"inputs\":[{\"name\":\"x\",\"shape\":" + shape + "}]}");
      assertEquals(1, request.inputs().size(), shape);
      assertNull(request.inputs().get(0).shape(), shape);
      assertEquals(-1, request.batchSize(), shape);
    }
  }

  @Test
  void tensorFlowServingRowFormatBatchIsTheNumberOfInstances() {
    assertEquals(3, tf("{\"signature_name\":\"serving_default\",\"instances\":[1.0,2.0,5.0]}").batchSize());
    assertEquals(2, tf("{\"instances\":[{\"tag\":\"foo\",\"signal\":[1,2,3]},{\"tag\":\"bar\",\"signal\":[3,4,1]}]}").batchSize());
    assertEquals(1, tf("{\"instances\":[[[1,2],[3,4]]]}").batchSize());
    assertEquals(0, tf("{\"instances\":[]}").batchSize());
    assertEquals(-1, tf("{\"instances\":{\"a\":[1,2]}}").batchSize(), "not a list of instances");
  }

  @Test
  void tensorFlowServingColumnarFormatBatchIsTheFirstDimensionOfTheFirstInput() {
    assertEquals(2, tf("{\"inputs\":[[1,2,3],[4,5,6]]}").batchSize(), "one unnamed input");
    assertEquals(3, tf("{\"inputs\":{\"tag\":[\"foo\",\"bar\",\"baz\"],\"signal\":[[1,2],[3,4],[5,6]]}}").batchSize());
    assertEquals(2, tf("{\"inputs\":{\"" + "long".repeat(40) + "\":[[1],[2]],\"b\":[1,2,3]}}").batchSize(), "any name");
    assertEquals(-1, tf("{\"inputs\":{\"scalar\":5,\"b\":[1,2,3]}}").batchSize(), "a scalar first input has no batch dimension");
    assertEquals(-1, tf("{\"inputs\":{\"b64\":{\"b64\":\"aGk=\"},\"b\":[1,2,3]}}").batchSize());
    assertEquals(-1, tf("{\"inputs\":3}").batchSize());
    assertEquals(4, tf("{\"inputs\":{\"x\":[1,2]},\"instances\":[1,2,3,4]}").batchSize(), "rows win");
    assertTrue(tf("{\"inputs\":{\"x\":[1,2]}}").inputs().isEmpty(), "TF Serving's input names are not kept");
  }

  /** Bounded whatever the body: inputs and outputs past the cap are not kept, nor dimensions past MAX_DIMS. */
  @Test
  void manyInputsOutputsAndDimensionsAreCapped() {
    StringBuilder json = new StringBuilder("{\"inputs\":[");
    for (int i = 0; i < 1000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":\"in").append(i).append("\",\"shape\":[");
      for (int d = 0; d < 100; d++) {
        json.append(d == 0 ? "" : ",").append(d + 1);
      }
      json.append("]}");
    }
    json.append("],\"outputs\":[");
    for (int i = 0; i < 1000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(i).append("o".repeat(1000)).append("\"}");
    }
    InferRequest request = kserve(json.append("]}").toString());
    assertEquals(MlAttributes.MAX_LIST_ITEMS, request.inputs().size());
    assertEquals(InferRequest.MAX_DIMS, request.inputs().get(0).shape().length);
    assertEquals(1, request.batchSize());
    Set<String> outputs = request.requestedOutputs();
    assertEquals(MlAttributes.MAX_LIST_ITEMS, outputs.size());
    assertTrue(outputs.stream().allMatch(name -> name.length() == MlAttributes.MAX_ITEM_LENGTH), outputs::toString);
  }

  /** Malformed, truncated, deep, binary, empty: never a throw, and what was read before the break is what the client sent. */
  @Test
  void hostileBodiesNeverThrow() {
    assertEquals(-1, InferRequest.read(Protocol.KSERVE_V2, null).batchSize());
    assertEquals(-1, InferRequest.read(Protocol.KSERVE_V2, new byte[0]).batchSize());
    assertEquals(-1, kserve("not json at all").batchSize());
    assertEquals(-1, kserve("[" .repeat(100_000)).batchSize());
    assertEquals(-1, tf("{\"instances\":" + "[".repeat(100_000)).batchSize());
    assertEquals(-1, tf("{\"instances\":[1,2,3").batchSize(), "truncated: the list never ended, its length is unknown");
    InferRequest truncated = kserve("{\"inputs\":[{\"name\":\"a\",\"shape\":[5,2],\"data\":[1,2,");
    assertTrue(truncated.inputs().isEmpty(), "an input whose object never closed is not reported");
    // Triton's binary tensor extension: a JSON header, then raw bytes.
    byte[] header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[7,3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":84}}]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] binary = new byte[header.length + 84];
    System.arraycopy(header, 0, binary, 0, header.length);
    for (int i = header.length; i < binary.length; i++) {
      binary[i] = (byte) (i * 31);
    }
    assertEquals(7, InferRequest.read(Protocol.KSERVE_V2, binary).batchSize());
    byte[] noise = new byte[1 << 16];
    new java.util.Random(7).nextBytes(noise);
    assertEquals(-1, InferRequest.read(Protocol.KSERVE_V2, noise).batchSize());
    assertEquals(-1, InferRequest.read(Protocol.TF_SERVING, noise).batchSize());
  }
}
