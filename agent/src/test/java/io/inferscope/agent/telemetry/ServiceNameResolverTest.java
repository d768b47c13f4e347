package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServiceNameResolverTest {
  @Test
  void jarNameWithoutVersion() {
    assertEquals("model-server", ServiceNameResolver.serviceName("/opt/app/model-server-1.4.2.jar --port 8080"));
    assertEquals("scorer", ServiceNameResolver.serviceName("scorer-2.0.0-SNAPSHOT.jar"));
    assertEquals("app", ServiceNameResolver.serviceName("app.jar"));
  }

  @Test
  void mainClassSimpleName() {
    assertEquals("ScoringService", ServiceNameResolver.serviceName("com.acme.ScoringService arg1 arg2"));
    assertEquals("Main", ServiceNameResolver.serviceName("my.module/com.acme.Main"));
  }

  @Test
  void neverUnknown() {
    assertEquals(ServiceNameResolver.FALLBACK, ServiceNameResolver.serviceName(null));
    assertEquals(ServiceNameResolver.FALLBACK, ServiceNameResolver.serviceName("  "));
  }

  @Test
  void versionOnlyFromAnExistingJar() {
    assertNull(ServiceNameResolver.serviceVersion("com.acme.Main"));
    assertNull(ServiceNameResolver.serviceVersion("/does/not/exist.jar"));
  }
}
