package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.telemetry.TolerantConfigProperties.SettingProblem;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the culprit of a failed build is found, and that nothing is left running by failed attempts. */
class BadSettingRecoveryTest {
  @TempDir Path dir;

  static BadSettingRecovery.Outcome<SdkAssembly.Built> build(Map<String, String> settings) {
    BadSettingRecovery.Outcome<SdkAssembly.Built> outcome =
        BadSettingRecovery.build(EverySdkSettingTest.withDefaults(settings), TelemetrySdk.AGENT_DEFAULTS, config -> SdkAssembly.build(config, "test"));
    EverySdkSettingTest.shutdown(outcome);
    return outcome;
  }

  static List<String> reportedKeys(BadSettingRecovery.Outcome<?> outcome) {
    return outcome.problems().stream().map(SettingProblem::key).toList();
  }

  /** The SDK checks the Zipkin endpoint only after reading the (valid) timeout: the first guess is wrong. */
  @Test
  void aWrongGuessIsRestoredAndTheNextSuspectTried() {
    BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = build(Map.of(
        "otel.traces.exporter", "zipkin", "otel.exporter.zipkin.endpoint", "-1", "otel.exporter.zipkin.timeout", "5s",
        "otel.metrics.exporter", "none", "otel.logs.exporter", "none"));
    assertNotNull(outcome.built());
    assertEquals(List.of("otel.exporter.zipkin.endpoint"), reportedKeys(outcome));
    assertTrue(outcome.built().description().startsWith("traces: zipkin http://localhost:9411/api/v2/spans, "), outcome.built().description());
  }

  /**
   * A trust file that is not PEM, next to a valid client key pair: hiding half of the pair (read last)
   * changes the failure, but that failure is of the hiding's own making, so the pair is kept.
   */
  @Test
  void hidingHalfOfAKeyPairIsNotMistakenForAFix() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Map<String, String> settings = new HashMap<>(clientKeyPair());
    settings.put("otel.exporter.otlp.certificate", notPem.toString());
    assertTrue(EverySdkSettingTest.sdkAloneRefuses(Map.of("otel.exporter.otlp.certificate", notPem.toString())));
    assertTrue(!EverySdkSettingTest.sdkAloneRefuses(clientKeyPair()), "the key pair alone is valid");
    BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = build(settings);
    assertNotNull(outcome.built());
    assertEquals(List.of("otel.exporter.otlp.certificate"), reportedKeys(outcome));
    assertTrue(outcome.problems().get(0).outcome().contains("an https collector that needs this file will refuse the connection"),
        outcome.problems().toString());
  }

  /** Two real faults: a client key without its certificate, and a trust file that does not exist. */
  @Test
  void twoBadSettingsAreBothReported() throws Exception {
    BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = build(Map.of(
        "otel.exporter.otlp.client.key", clientKeyPair().get("otel.exporter.otlp.client.key"),
        "otel.exporter.otlp.certificate", dir.resolve("missing-ca.pem").toString()));
    assertNotNull(outcome.built());
    assertEquals(2, outcome.problems().size(), outcome.problems().toString());
    assertTrue(reportedKeys(outcome).containsAll(List.of("otel.exporter.otlp.client.key", "otel.exporter.otlp.certificate")), outcome.problems().toString());
  }

  /** A failure no setting explains: every guess is restored, nothing is reported falsely, the attempts are bounded. */
  @Test
  void aFailureNoSettingExplainsGivesUpWithoutFalseReports() {
    AtomicInteger attempts = new AtomicInteger();
    BadSettingRecovery.Outcome<Object> outcome = BadSettingRecovery.build(
        EverySdkSettingTest.withDefaults(Map.of("otel.service.name", "scoring", "otel.bsp.schedule.delay", "100")),
        TelemetrySdk.AGENT_DEFAULTS,
        config -> {
          attempts.incrementAndGet();
          config.getString("otel.service.name");
          config.getDuration("otel.bsp.schedule.delay");
          throw new IllegalStateException("the disk is full");
        });
    assertNull(outcome.built());
    assertTrue(outcome.problems().isEmpty(), outcome.problems().toString());
    assertEquals("the disk is full", outcome.failure().getMessage());
    assertEquals(3, attempts.get(), "one attempt, then one per suspect");
  }

  /**
   * Everything a failed attempt built is closed by the SDK: the exporters the customizer received
   * (here behind a processor and a reader that were already running) are shut down, so no exporter,
   * worker thread or connection pool of a failed attempt stays behind.
   */
  @Test
  void failedAttemptsLeaveNothingRunning() {
    List<List<ShutdownWatch>> exportersByAttempt = new ArrayList<>();
    BadSettingRecovery.Outcome<AutoConfiguredOpenTelemetrySdk> outcome = BadSettingRecovery.build(
        // The log processor is built last: the meter and tracer providers are running when it fails.
        EverySdkSettingTest.withDefaults(Map.of("otel.blrp.max.queue.size", "-1")),
        TelemetrySdk.AGENT_DEFAULTS,
        config -> {
          List<ShutdownWatch> exporters = new ArrayList<>();
          exportersByAttempt.add(exporters);
          return SdkAssembly.builderReading(config)
              .addSpanExporterCustomizer((exporter, c) -> watch(exporter, exporters))
              .build();
        });
    assertNotNull(outcome.built());
    assertEquals(List.of("otel.blrp.max.queue.size"), reportedKeys(outcome));
    assertEquals(2, exportersByAttempt.size());
    assertEquals(1, exportersByAttempt.get(0).size(), "the failed attempt had built its span exporter");
    assertTrue(exportersByAttempt.get(0).get(0).shutDown.get(), "and it was shut down");
    assertTrue(!exportersByAttempt.get(1).get(0).shutDown.get(), "the final SDK's exporter runs");
    outcome.built().getOpenTelemetrySdk().shutdown().join(10, TimeUnit.SECONDS);
    assertTrue(exportersByAttempt.get(1).get(0).shutDown.get());
  }

  static SpanExporter watch(SpanExporter exporter, List<ShutdownWatch> watches) {
    ShutdownWatch watch = new ShutdownWatch(exporter);
    watches.add(watch);
    return watch;
  }

  /** Passes everything to the SDK's exporter and notes whether it was shut down. */
  static final class ShutdownWatch implements SpanExporter {
    final SpanExporter delegate;
    final AtomicBoolean shutDown = new AtomicBoolean();

    ShutdownWatch(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutDown.set(true);
      return delegate.shutdown();
    }
  }

  /** A real EC key and self-signed certificate in PEM files, made by the JDK's keytool. */
  private Map<String, String> clientKeyPair() throws Exception {
    Path keyPem = dir.resolve("client.key");
    Path certPem = dir.resolve("client.crt");
    if (Files.exists(keyPem)) {
      return Map.of("otel.exporter.otlp.client.key", keyPem.toString(), "otel.exporter.otlp.client.certificate", certPem.toString());
    }
    Path store = dir.resolve("client.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=inferscope-test",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      keyStore.load(in, "changeit".toCharArray());
    }
    Key key = keyStore.getKey("client", "changeit".toCharArray());
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    Files.writeString(certPem, pem("CERTIFICATE", keyStore.getCertificate("client").getEncoded()));
    return clientKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
