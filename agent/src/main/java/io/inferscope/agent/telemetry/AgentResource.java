package io.inferscope.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Completes the resource the SDK autoconfigured from OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES:
 * a derived service name instead of {@code unknown_service:java}, the distro, host, OS, process and
 * runtime. What the user set always wins.
 */
final class AgentResource {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  private static final String UNKNOWN_SERVICE = "unknown_service:java";

  private AgentResource() {}

  static Resource complete(Resource configured, String agentVersion) {
    String command = System.getProperty("sun.java.command");
    AttributesBuilder defaults = Attributes.builder();
    defaults.put("telemetry.distro.name", "inferscope");
    defaults.put("telemetry.distro.version", agentVersion);
    String serviceVersion = ServiceNameResolver.serviceVersion(command);
    if (serviceVersion != null) {
      defaults.put(SERVICE_VERSION, serviceVersion);
    }
    putHost(defaults);
    putProcess(defaults);
    Resource merged = Resource.create(defaults.build()).merge(configured);
    String serviceName = merged.getAttribute(SERVICE_NAME);
    if (serviceName == null || serviceName.equals(UNKNOWN_SERVICE)) {
      merged = merged.merge(Resource.create(Attributes.of(SERVICE_NAME, ServiceNameResolver.serviceName(command))));
    }
    return merged;
  }

  private static void putHost(AttributesBuilder attributes) {
    String host = hostName();
    if (host != null) {
      attributes.put("host.name", host);
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    attributes.put("host.arch", arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch);
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    attributes.put(
        "os.type",
        os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "darwin" : os.startsWith("linux") ? "linux" : os);
    attributes.put("os.description", System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  // No InetAddress lookup: it may block on DNS while the application is starting.
  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      return Files.isReadable(kernel) ? Files.readString(kernel).trim() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void putProcess(AttributesBuilder attributes) {
    ProcessHandle self = ProcessHandle.current();
    attributes.put("process.pid", self.pid());
    self.info().command().ifPresent(path -> attributes.put("process.executable.path", path));
    attributes.put("process.runtime.name", System.getProperty("java.runtime.name", "java"));
    attributes.put("process.runtime.version", System.getProperty("java.runtime.version", ""));
    attributes.put(
        "process.runtime.description",
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
  }
}
