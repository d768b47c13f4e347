package io.inferscope.tests.apps;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.ServiceLoader;

/**
 * An application that configures its own OpenTelemetry SDK the standard way (the SDK's
 * autoconfiguration, which reads the same OTEL_* settings as the agents and loads every service
 * provider its class path offers). Prints the sampler it got and the customizers it found.
 */
public final class OwnSdkApp {
  private OwnSdkApp() {}

  public static void main(String[] args) {
    AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook().build();
    System.out.println("sampler=" + sdk.getOpenTelemetrySdk().getSdkTracerProvider().getSampler().getDescription());
    long customizers = ServiceLoader.load(AutoConfigurationCustomizerProvider.class).stream().count();
    System.out.println("customizers=" + customizers);
    sdk.getOpenTelemetrySdk().close();
  }
}
