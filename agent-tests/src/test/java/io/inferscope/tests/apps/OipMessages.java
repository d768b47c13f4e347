package io.inferscope.tests.apps;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;

/**
 * The messages of the Open Inference Protocol's gRPC service ({@code inference.GRPCInferenceService}, Triton's
 * {@code grpc_service.proto}, KServe v2), the part {@code ModelInfer} and {@code ServerLive} need, with the
 * public proto's names and field numbers (parameters maps left out). Built at run time from a
 * {@code FileDescriptorProto}: the messages are {@code DynamicMessage}s, real protobuf on the wire, read by
 * the agent through the same reflection API a generated class offers. Used by the test application and the
 * fake server alike.
 */
public final class OipMessages {
  public static final String SERVICE = "inference.GRPCInferenceService";

  private static final FileDescriptor FILE = build();

  private OipMessages() {}

  public static Descriptor inferRequest() {
    return FILE.findMessageTypeByName("ModelInferRequest");
  }

  public static Descriptor inferResponse() {
    return FILE.findMessageTypeByName("ModelInferResponse");
  }

  public static Descriptor liveRequest() {
    return FILE.findMessageTypeByName("ServerLiveRequest");
  }

  public static Descriptor liveResponse() {
    return FILE.findMessageTypeByName("ServerLiveResponse");
  }

  /** One input tensor of a request: its name, shape and FP32 data. */
  public record Input(String name, List<Long> shape, List<Float> data) {}

  public static DynamicMessage request(String model, String version, List<Input> inputs, List<String> outputs) {
    Descriptor type = inferRequest();
    DynamicMessage.Builder request = DynamicMessage.newBuilder(type).setField(type.findFieldByName("model_name"), model)
        .setField(type.findFieldByName("id"), "req-" + model);
    if (version != null) {
      request.setField(type.findFieldByName("model_version"), version);
    }
    Descriptor inputType = type.findNestedTypeByName("InferInputTensor");
    Descriptor contentsType = FILE.findMessageTypeByName("InferTensorContents");
    for (Input input : inputs) {
      DynamicMessage.Builder contents = DynamicMessage.newBuilder(contentsType);
      for (Float value : input.data()) {
        contents.addRepeatedField(contentsType.findFieldByName("fp32_contents"), value);
      }
      DynamicMessage.Builder tensor = DynamicMessage.newBuilder(inputType)
          .setField(inputType.findFieldByName("name"), input.name())
          .setField(inputType.findFieldByName("datatype"), "FP32")
          .setField(inputType.findFieldByName("contents"), contents.build());
      for (Long dim : input.shape()) {
        tensor.addRepeatedField(inputType.findFieldByName("shape"), dim);
      }
      request.addRepeatedField(type.findFieldByName("inputs"), tensor.build());
    }
    Descriptor outputType = type.findNestedTypeByName("InferRequestedOutputTensor");
    for (String output : outputs) {
      request.addRepeatedField(type.findFieldByName("outputs"),
          DynamicMessage.newBuilder(outputType).setField(outputType.findFieldByName("name"), output).build());
    }
    return request.build();
  }

  /** An answer: the model, the version it ran, and FP32 outputs of the given names (shape [n, 2]). */
  public static DynamicMessage response(String model, String version, String id, List<String> outputs, long batch) {
    Descriptor type = inferResponse();
    Descriptor outputType = type.findNestedTypeByName("InferOutputTensor");
    Descriptor contentsType = FILE.findMessageTypeByName("InferTensorContents");
    DynamicMessage.Builder response = DynamicMessage.newBuilder(type)
        .setField(type.findFieldByName("model_name"), model)
        .setField(type.findFieldByName("model_version"), version)
        .setField(type.findFieldByName("id"), id);
    for (String output : outputs) {
      DynamicMessage.Builder contents = DynamicMessage.newBuilder(contentsType);
      for (int i = 0; i < batch * 2; i++) {
        contents.addRepeatedField(contentsType.findFieldByName("fp32_contents"), 0.25f * i);
      }
      response.addRepeatedField(type.findFieldByName("outputs"), DynamicMessage.newBuilder(outputType)
          .setField(outputType.findFieldByName("name"), output)
          .setField(outputType.findFieldByName("datatype"), "FP32")
          .addRepeatedField(outputType.findFieldByName("shape"), batch)
          .addRepeatedField(outputType.findFieldByName("shape"), 2L)
          .setField(outputType.findFieldByName("contents"), contents.build())
          .build());
    }
    return response.build();
  }

  public static DynamicMessage liveResponse(boolean live) {
    Descriptor type = liveResponse();
    return DynamicMessage.newBuilder(type).setField(type.findFieldByName("live"), live).build();
  }

  private static FileDescriptor build() {
    DescriptorProto contents = DescriptorProto.newBuilder().setName("InferTensorContents")
        .addField(repeated("bool_contents", 1, Type.TYPE_BOOL))
        .addField(repeated("int_contents", 2, Type.TYPE_INT32))
        .addField(repeated("int64_contents", 3, Type.TYPE_INT64))
        .addField(repeated("uint_contents", 4, Type.TYPE_UINT32))
        .addField(repeated("uint64_contents", 5, Type.TYPE_UINT64))
        .addField(repeated("fp32_contents", 6, Type.TYPE_FLOAT))
        .addField(repeated("fp64_contents", 7, Type.TYPE_DOUBLE))
        .addField(repeated("bytes_contents", 8, Type.TYPE_BYTES))
        .build();
    DescriptorProto request = DescriptorProto.newBuilder().setName("ModelInferRequest")
        .addNestedType(tensor("InferInputTensor"))
        .addNestedType(DescriptorProto.newBuilder().setName("InferRequestedOutputTensor")
            .addField(single("name", 1, Type.TYPE_STRING)))
        .addField(single("model_name", 1, Type.TYPE_STRING))
        .addField(single("model_version", 2, Type.TYPE_STRING))
        .addField(single("id", 3, Type.TYPE_STRING))
        .addField(message("inputs", 5, ".inference.ModelInferRequest.InferInputTensor", true))
        .addField(message("outputs", 6, ".inference.ModelInferRequest.InferRequestedOutputTensor", true))
        .addField(repeated("raw_input_contents", 7, Type.TYPE_BYTES))
        .build();
    DescriptorProto response = DescriptorProto.newBuilder().setName("ModelInferResponse")
        .addNestedType(tensor("InferOutputTensor"))
        .addField(single("model_name", 1, Type.TYPE_STRING))
        .addField(single("model_version", 2, Type.TYPE_STRING))
        .addField(single("id", 3, Type.TYPE_STRING))
        .addField(message("outputs", 5, ".inference.ModelInferResponse.InferOutputTensor", true))
        .addField(repeated("raw_output_contents", 6, Type.TYPE_BYTES))
        .build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("grpc_service.proto").setPackage("inference")
        .setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("ServerLiveRequest"))
        .addMessageType(DescriptorProto.newBuilder().setName("ServerLiveResponse").addField(single("live", 1, Type.TYPE_BOOL)))
        .addMessageType(contents)
        .addMessageType(request)
        .addMessageType(response)
        .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An input or output tensor: the same fields and numbers in the protocol (parameters left out). */
  private static DescriptorProto tensor(String name) {
    return DescriptorProto.newBuilder().setName(name)
        .addField(single("name", 1, Type.TYPE_STRING))
        .addField(single("datatype", 2, Type.TYPE_STRING))
        .addField(repeated("shape", 3, Type.TYPE_INT64))
        .addField(message("contents", 5, ".inference.InferTensorContents", false))
        .build();
  }

  private static FieldDescriptorProto single(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_OPTIONAL).build();
  }

  private static FieldDescriptorProto repeated(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_REPEATED).build();
  }

  private static FieldDescriptorProto message(String name, int number, String typeName, boolean repeated) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE).setTypeName(typeName)
        .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL).build();
  }
}
