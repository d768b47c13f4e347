package io.inferscope.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.instrumentation.jdkhttp.JdkHttpClientInstrumentation;
import io.inferscope.agent.instrumentation.langchain4j.LangChain4jInstrumentation;
import io.inferscope.agent.instrumentation.okhttp.OkHttpInstrumentation;
import io.inferscope.agent.instrumentation.openai.OpenAiJavaInstrumentation;
import io.inferscope.agent.instrumentation.springai.SpringAiInstrumentation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An SDK hook whose spans come through an HTTP client hook that is off is named at start-up. */
class InstrumentationRequirementsTest {
  @Test
  void openAiJavaWithoutOkHttpIsNamedWithBothSettings() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(
        List.of(new OpenAiJavaInstrumentation(), new JdkHttpClientInstrumentation()));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("instrumentation openai-java is on but okhttp is off"), warnings.get(0));
    assertTrue(warnings.get(0).contains("inferscope.instrumentation.okhttp.enabled"), warnings.get(0));
  }

  @Test
  void langChain4jWithoutTheJdkClientIsNamed() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(
        List.of(new LangChain4jInstrumentation(), new OkHttpInstrumentation()));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("langchain4j is on but java-http-client is off"), warnings.get(0));
  }

  @Test
  void springAiWithoutTheJdkClientIsNamed() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(
        List.of(new SpringAiInstrumentation(), new OkHttpInstrumentation()));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("spring-ai is on but java-http-client is off"), warnings.get(0));
    assertTrue(warnings.get(0).contains("inferscope.instrumentation.java-http-client.enabled"), warnings.get(0));
  }

  @Test
  void everythingOnOrEachHookAloneSaysNothing() {
    assertEquals(List.of(), InstrumentationInstaller.unmetRequirements(List.of(
        new OpenAiJavaInstrumentation(), new OkHttpInstrumentation(), new LangChain4jInstrumentation(),
        new JdkHttpClientInstrumentation(), new SpringAiInstrumentation())));
    assertEquals(List.of(), InstrumentationInstaller.unmetRequirements(List.of(new OkHttpInstrumentation())));
  }
}
