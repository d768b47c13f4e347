package io.inferscope.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void headerNamesStayReadableValuesNever() {
    assertEquals("Authorization=***,x-tenant=***", Redaction.setting("otel.exporter.otlp.headers", "Authorization=Bearer sk-1,x-tenant=team%20a"));
    assertEquals("***", Redaction.setting("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Authorization Bearer sk-live-123"));
    // Before '=' but not a header name: it may be part of the credential.
    assertEquals("***,api-key=***", Redaction.setting("otel.exporter.otlp.metrics.headers", "Bearer sk-9=x,api-key=%zzq"));
  }

  @Test
  void urlsLoseUserInfoAndQuery() {
    assertEquals("http://***@host:4318", Redaction.setting("otel.exporter.otlp.endpoint", "http://user:secret@host:4318"));
    assertEquals("http://***@host:4318/v1/traces", Redaction.text("http://user:p@ss@host:4318/v1/traces"));
    assertEquals("https://host/v1/traces?***", Redaction.text("https://host/v1/traces?token=abc&x=1"));
    assertEquals("sent to 'http://***@h:1/p?***' then", Redaction.text("sent to 'http://u:tok@h:1/p?token=abc' then"));
    // A query is masked up to the next space: a token may hold a comma.
    assertEquals("endpoint=http://***@h:1/?*** timeoutNanos=5", Redaction.text("endpoint=http://u:p@h:1/?a=b, timeoutNanos=5"));
    assertEquals("a plain line, with ? and @ in it: user@example", Redaction.text("a plain line, with ? and @ in it: user@example"));
  }

  @Test
  void configuredSecretsAreFoundInAnyText() {
    Set<String> secrets = Redaction.secretsIn(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "Authorization Bearer sk-live-123456,api-key=team%20alpha",
        "otel.exporter.otlp.traces.endpoint", "user:hunter22@collector:4318",
        "otel.exporter.zipkin.endpoint", "http://zipkin:9411/api?token=tok-98765",
        "otel.service.name", "scoring"));
    assertTrue(secrets.contains("sk-live-123456"), "a word after the first of an entry without '=': " + secrets);
    assertTrue(secrets.contains("team%20alpha") && secrets.contains("team alpha"), "raw and URL-decoded: " + secrets);
    assertTrue(secrets.contains("user:hunter22"), "user info without a scheme: " + secrets);
    assertTrue(secrets.contains("token=tok-98765"), secrets.toString());
    assertFalse(secrets.contains("Authorization"), "the header's name is not a secret: " + secrets);
    assertFalse(secrets.contains("scoring"), "other settings are not secrets: " + secrets);
  }

  @Test
  void shortValuesAreNotMaskedInFreeText() {
    Set<String> secrets = Redaction.secretsIn(Map.of("otel.exporter.otlp.headers", "x=1,y=gzip"));
    assertFalse(secrets.contains("1") || secrets.contains("gzip"), secrets.toString());
  }
}
