package io.inferscope.agent.ml.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.agent.ml.MlAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.junit.jupiter.api.Test;

/** A channel's authority as the span's server.address and server.port. */
class GrpcServerAddressTest {
  private static Attributes of(String authority) {
    AttributesBuilder builder = Attributes.builder();
    GrpcInferCalls.serverAddress(authority, builder);
    return builder.build();
  }

  @Test
  void hostAndPort() {
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "127.0.0.1", MlAttributes.SERVER_PORT, 8001L), of("127.0.0.1:8001"));
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "triton.models.svc", MlAttributes.SERVER_PORT, 443L),
        of("triton.models.svc:443"));
  }

  @Test
  void ipv6InBrackets() {
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "::1", MlAttributes.SERVER_PORT, 8001L), of("[::1]:8001"));
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "::1"), of("[::1]"));
  }

  @Test
  void aHostAloneOrABadPortGivesTheAddressOnly() {
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "triton"), of("triton"));
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "triton"), of("triton:http"));
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "triton"), of("triton:70000"));
  }

  @Test
  void userInfoIsNeverRecorded() {
    assertEquals(Attributes.of(MlAttributes.SERVER_ADDRESS, "triton", MlAttributes.SERVER_PORT, 8001L), of("user:secret@triton:8001"));
  }

  @Test
  void nothingForNoAuthority() {
    assertEquals(Attributes.empty(), of(null));
    assertEquals(Attributes.empty(), of(""));
  }
}
