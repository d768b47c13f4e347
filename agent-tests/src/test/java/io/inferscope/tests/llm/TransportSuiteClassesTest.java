package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Transport} is run by exactly one test class of {@link LlmTransportSuite}, which also
 * runs the asynchronous part ({@link AsyncLlmTransportSuite}) exactly when the client has an
 * asynchronous API: a client added to the list without its class would otherwise be tested by nobody.
 */
class TransportSuiteClassesTest {
  @Test
  void everyTransportHasOneSuiteClass() throws Exception {
    Map<Transport, List<String>> classes = new EnumMap<>(Transport.class);
    for (Class<?> type : classesOfThisPackage()) {
      if (LlmTransportSuite.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Transport transport = ((LlmTransportSuite) constructor.newInstance()).transport();
        classes.computeIfAbsent(transport, t -> new ArrayList<>()).add(type.getSimpleName());
        assertEquals(transport.hasAsync(), AsyncLlmTransportSuite.class.isAssignableFrom(type),
            () -> type.getSimpleName() + " runs the asynchronous cases exactly when " + transport + " has an asynchronous API");
      }
    }
    for (Transport transport : Transport.values()) {
      assertEquals(1, classes.getOrDefault(transport, List.of()).size(), () -> transport + ": " + classes);
    }
  }

  private static List<Class<?>> classesOfThisPackage() throws IOException, URISyntaxException, ClassNotFoundException {
    String name = TransportSuiteClassesTest.class.getPackageName();
    Path folder = Path.of(TransportSuiteClassesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(name.replace('.', '/'));
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".class") && !fileName.contains("$")) {
          classes.add(Class.forName(name + "." + fileName.substring(0, fileName.length() - ".class".length()), false,
              TransportSuiteClassesTest.class.getClassLoader()));
        }
      }
    }
    assertTrue(classes.contains(LlmTransportSuite.class), () -> "read the test classes of " + folder);
    return classes;
  }
}
