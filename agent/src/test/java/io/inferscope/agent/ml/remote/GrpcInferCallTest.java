package io.inferscope.agent.ml.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.Status;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC {@code ModelInfer} call read from protobuf messages ({@code DynamicMessage}s of the protocol's field
 * names and numbers) on the real SDK: what the span says, the caps, the status of a failure, one end only.
 */
class GrpcInferCallTest {
  private static final FileDescriptor FILE = file();
  private static final Descriptor REQUEST = FILE.findMessageTypeByName("ModelInferRequest");
  private static final Descriptor RESPONSE = FILE.findMessageTypeByName("ModelInferResponse");
  private static final Descriptor TENSOR = FILE.findMessageTypeByName("Tensor");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  private final GrpcInferCalls calls = new GrpcInferCalls(new RemoteModels(new InferenceTelemetry(sdk, "test")));

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void theRequestAndTheAnswerDescribeTheSpan() {
    GrpcInferCall call = calls.start(Context.root(), "triton:8001",
        request("resnet", "", List.of(tensor("INPUT0", 4, 3), tensor("MASK", 4)), List.of()));
    assertNotNull(call);
    call.end(response("7", "OUTPUT0", "LABELS"), null);
    SpanData span = only();
    assertEquals("predict resnet", span.getName());
    assertEquals("kserve", attr(span, "ml.framework"));
    assertEquals("7", attr(span, "ml.model.version"), "the answer's version when the request names none");
    assertEquals(4L, span.getAttributes().get(AttributeKey.longKey("ml.batch.size")));
    assertEquals(List.of("INPUT0", "MASK"), span.getAttributes().get(AttributeKey.stringArrayKey("ml.input.names")));
    assertEquals(List.of("[4,3]", "[4]"), span.getAttributes().get(AttributeKey.stringArrayKey("ml.input.shapes")));
    assertEquals(List.of("OUTPUT0", "LABELS"), span.getAttributes().get(AttributeKey.stringArrayKey("ml.output.names")));
    assertEquals("triton", attr(span, "server.address"));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
  }

  @Test
  void theRequestsVersionAndOutputsWin() {
    GrpcInferCall call = calls.start(Context.root(), null, request("clf", "3", List.of(tensor("x", 2, 2)), List.of("probabilities")));
    call.end(response("9", "OUTPUT0", "LABELS"), null);
    SpanData span = only();
    assertEquals("3", attr(span, "ml.model.version"));
    assertEquals(List.of("probabilities"), span.getAttributes().get(AttributeKey.stringArrayKey("ml.output.names")));
    assertNull(attr(span, "server.address"));
  }

  @Test
  void listsNamesAndShapesAreCapped() {
    List<DynamicMessage> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inputs.add(tensor("i" + i, 1));
    }
    long[] dims = new long[40];
    java.util.Arrays.fill(dims, 1);
    inputs.set(0, tensor("x".repeat(300), dims));
    calls.start(Context.root(), null, request("m".repeat(300), "", inputs, List.of())).end(null, null);
    SpanData span = only();
    assertEquals(128, attr(span, "ml.model.name").length());
    List<String> names = span.getAttributes().get(AttributeKey.stringArrayKey("ml.input.names"));
    assertEquals(16, names.size());
    assertEquals(128, names.get(0).length());
    String shape = span.getAttributes().get(AttributeKey.stringArrayKey("ml.input.shapes")).get(0);
    assertEquals("[" + String.join(",", Collections.nCopies(32, "1")) + "]", shape);
  }

  @Test
  void aStatusFailureIsNamedByItsCodeAndTheCallEndsOnce() {
    GrpcInferCall call = calls.start(Context.root(), null, request("missing", "", List.of(tensor("x", 1)), List.of()));
    String description = "unknown model 'missing'; " + "d".repeat(200);
    Exception error = new ExecutionException(Status.NOT_FOUND.withDescription(description).asRuntimeException());
    call.end(null, error.getCause());
    call.end(response("1", "y"), null);
    call.completed();
    SpanData span = only();
    assertEquals("NOT_FOUND", attr(span, "error.type"));
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals(description.substring(0, 120), span.getStatus().getDescription());
  }

  @Test
  void anotherExceptionIsNamedByItsClass() {
    calls.start(Context.root(), null, request("m", "", List.of(), List.of())).end(null, new IllegalStateException("x"));
    assertEquals("java.lang.IllegalStateException", attr(only(), "error.type"));
  }

  @Test
  void whatIsNoProtobufRequestOrNamesNoModelIsLeftAlone() {
    assertNull(calls.start(Context.root(), null, "not a message"));
    assertNull(calls.start(Context.root(), null, null));
    assertNull(calls.start(Context.root(), null, request("", "", List.of(), List.of())));
    assertEquals(0, spans.getFinishedSpanItems().size());
  }

  private SpanData only() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertEquals(1, finished.size(), finished::toString);
    return finished.get(0);
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static DynamicMessage tensor(String name, long... shape) {
    DynamicMessage.Builder tensor = DynamicMessage.newBuilder(TENSOR).setField(TENSOR.findFieldByName("name"), name);
    for (long dim : shape) {
      tensor.addRepeatedField(TENSOR.findFieldByName("shape"), dim);
    }
    return tensor.build();
  }

  private static DynamicMessage request(String model, String version, List<DynamicMessage> inputs, List<String> outputs) {
    DynamicMessage.Builder request = DynamicMessage.newBuilder(REQUEST)
        .setField(REQUEST.findFieldByName("model_name"), model).setField(REQUEST.findFieldByName("model_version"), version);
    inputs.forEach(input -> request.addRepeatedField(REQUEST.findFieldByName("inputs"), input));
    outputs.forEach(output -> request.addRepeatedField(REQUEST.findFieldByName("outputs"), tensor(output)));
    return request.build();
  }

  private static DynamicMessage response(String version, String... outputs) {
    DynamicMessage.Builder response = DynamicMessage.newBuilder(RESPONSE).setField(RESPONSE.findFieldByName("model_version"), version);
    for (String output : outputs) {
      response.addRepeatedField(RESPONSE.findFieldByName("outputs"), tensor(output, 4));
    }
    return response.build();
  }

  /** One tensor type stands for the protocol's three (the reader only looks for the field names). */
  private static FileDescriptor file() {
    FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("oip.proto").setPackage("inference").setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Tensor")
            .addField(field("name", 1, Type.TYPE_STRING, false, null))
            .addField(field("shape", 3, Type.TYPE_INT64, true, null)))
        .addMessageType(DescriptorProto.newBuilder().setName("ModelInferRequest")
            .addField(field("model_name", 1, Type.TYPE_STRING, false, null))
            .addField(field("model_version", 2, Type.TYPE_STRING, false, null))
            .addField(field("inputs", 5, Type.TYPE_MESSAGE, true, ".inference.Tensor"))
            .addField(field("outputs", 6, Type.TYPE_MESSAGE, true, ".inference.Tensor"))
            .addField(field("raw_input_contents", 7, Type.TYPE_BYTES, true, null)))
        .addMessageType(DescriptorProto.newBuilder().setName("ModelInferResponse")
            .addField(field("model_version", 2, Type.TYPE_STRING, false, null))
            .addField(field("outputs", 5, Type.TYPE_MESSAGE, true, ".inference.Tensor")))
        .build();
    try {
      return FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto field(String name, int number, Type type, boolean repeated, String typeName) {
    FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL);
    if (typeName != null) {
      field.setTypeName(typeName);
    }
    return field.build();
  }
}
