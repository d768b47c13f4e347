package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** The README's {@code service.version}: the launched jar's Implementation-Version. */
  @Test
  void versionFromTheLaunchedJarsManifest(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("model-server-1.4.2.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.4.2");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is all the jar needs
    }
    assertEquals("1.4.2", ServiceNameResolver.serviceVersion(jar + " --port 8080"));
  }

  @Test
  void versionOnlyFromAnExistingJar() {
    assertNull(ServiceNameResolver.serviceVersion("com.acme.Main"));
    assertNull(ServiceNameResolver.serviceVersion("/does/not/exist.jar"));
  }
}
