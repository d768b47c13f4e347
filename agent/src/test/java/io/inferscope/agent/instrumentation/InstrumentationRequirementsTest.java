package io.inferscope.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An SDK hook whose spans come through an HTTP client hook that is off is named at start-up. */
class InstrumentationRequirementsTest {
  @Test
  void openAiJavaWithoutOkHttpIsNamedWithBothSettings() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(libraries("openai-java", "java-http-client"));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("instrumentation openai-java is on but okhttp is off"), warnings.get(0));
    assertTrue(warnings.get(0).contains("inferscope.instrumentation.okhttp.enabled"), warnings.get(0));
  }

  @Test
  void langChain4jWithoutTheJdkClientIsNamed() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(libraries("langchain4j", "okhttp"));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("langchain4j is on but java-http-client is off"), warnings.get(0));
  }

  @Test
  void springAiWithoutTheJdkClientIsNamed() {
    List<String> warnings = InstrumentationInstaller.unmetRequirements(libraries("spring-ai", "okhttp"));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("spring-ai is on but java-http-client is off"), warnings.get(0));
    assertTrue(warnings.get(0).contains("inferscope.instrumentation.java-http-client.enabled"), warnings.get(0));
  }

  @Test
  void everythingOnOrEachHookAloneSaysNothing() {
    assertEquals(List.of(), InstrumentationInstaller.unmetRequirements(InstrumentationCatalog.ALL));
    assertEquals(List.of(), InstrumentationInstaller.unmetRequirements(libraries("okhttp")));
  }

  private static List<Library> libraries(String... names) {
    return Stream.of(names)
        .map(name -> InstrumentationCatalog.ALL.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow())
        .toList();
  }
}
