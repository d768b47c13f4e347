package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

/**
 * What an agent that matches classes by name in every class loader (the OpenTelemetry Java agent)
 * can find in ours. Its OkHttp instrumentation matching our exporter's OkHttp is what traced our
 * export requests (see BothJavaagentsTest); relocation must rename all of it, while
 * our own OkHttp hooks keep naming the application's OkHttp.
 */
class AgentJarContentsTest {
  private static final String SHADED = "io/inferscope/shaded/";
  private static final String OKHTTP_HOOKS = "inst/io/inferscope/agent/instrumentation/okhttp/";
  /** An okhttp3 class name, internal or binary, possibly inside a descriptor; not inside a relocated name or a sentence. */
  private static final Pattern UNRELOCATED_OKHTTP = Pattern.compile("(^|[L\\[(;])okhttp3[/.]");

  /**
   * Third-party packages left under their own names (first two segments below inst/): the Kotlin
   * standard library and okio (OkHttp's), Jackson core (the logging-otlp exporter's), protobuf (the
   * Prometheus exporter's), JetBrains/IntelliJ annotations. None has an instrumentation in the
   * OpenTelemetry Java agent 2.33.1, which instruments kotlinx.coroutines, not the Kotlin standard
   * library. Our isolated loader keeps them from meeting the application's copies. A new entry here
   * needs the same check.
   */
  private static final Set<String> UNRELOCATED_THIRD_PARTY = Set.of(
      "kotlin", "okio", "com/fasterxml", "com/google", "org/intellij", "org/jetbrains");

  /**
   * The README's "only a premain class, a small bridge and the extension's entry classes are visible to
   * the application": every entry outside {@code inst/} (which the agent's own loader reads) is the
   * manifest, a class of io.inferscope.bootstrap, or one of the classes and service files the
   * OpenTelemetry Java agent loads the jar as an extension by (io.inferscope.extension).
   */
  @Test
  void onlyTheBootstrapPackageAndTheExtensionEntryAreOutsideTheIsolatedFolder() throws IOException {
    try (ZipFile jar = agentJar()) {
      List<String> visible = jar.stream().map(ZipEntry::getName)
          .filter(name -> !name.startsWith("inst/") && !name.endsWith("/") && !name.equals("META-INF/MANIFEST.MF")).toList();
      assertFalse(visible.isEmpty());
      assertEquals(List.of(), visible.stream()
          .filter(name -> !name.matches("io/inferscope/(bootstrap|extension)/[A-Za-z]+\\.class"))
          .filter(name -> !EXTENSION_SERVICES.contains(name)).toList());
    }
  }

  private static final Set<String> EXTENSION_SERVICES = Set.of(
      "META-INF/services/io.opentelemetry.javaagent.extension.AgentListener",
      "META-INF/services/io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer",
      "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider",
      "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider");

  @Test
  void ourOkHttpIsRelocatedAndNothingElseOfOursIsUnderAnInstrumentedName() throws IOException {
    try (ZipFile jar = agentJar()) {
      List<String> names = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
      assertEquals(List.of(), names.stream().filter(name -> name.startsWith("okhttp3/") || name.startsWith("inst/okhttp3/")).toList());
      // What the OpenTelemetry agent's okhttp-3.0 instrumentation hooks, now only under our prefix.
      assertTrue(names.contains("inst/" + SHADED + "okhttp3/OkHttpClient$Builder.class"), "relocated OkHttp missing");
      assertTrue(names.contains("inst/" + SHADED + "okhttp3/Dispatcher.class"), "relocated OkHttp missing");

      Set<String> unrelocated = new TreeSet<>();
      for (String name : names) {
        if (name.startsWith("inst/") && !name.startsWith("inst/io/inferscope/") && !name.startsWith("inst/META-INF/")) {
          String[] segments = name.substring("inst/".length()).split("/");
          String twoSegments = segments[0] + "/" + segments[1];
          unrelocated.add(UNRELOCATED_THIRD_PARTY.contains(segments[0]) ? segments[0] : twoSegments);
        }
      }
      assertEquals(new TreeSet<>(UNRELOCATED_THIRD_PARTY), unrelocated, "third-party packages under their own names");
    }
  }

  @Test
  void onlyOurOkHttpHooksNameOkHttpAndTheyNameTheApplications() throws IOException {
    Map<String, Set<String>> namingOkHttp3 = new TreeMap<>();
    Set<String> oursNamingShaded = new TreeSet<>();
    try (ZipFile jar = agentJar()) {
      for (ZipEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        Set<String> referenced = referencedNames(jar, entry);
        Set<String> okhttp3 = new TreeSet<>();
        referenced.stream().filter(name -> UNRELOCATED_OKHTTP.matcher(name).find()).forEach(okhttp3::add);
        if (!okhttp3.isEmpty()) {
          namingOkHttp3.put(entry.getName(), okhttp3);
        }
        // Our code never uses OkHttp itself (the exporters do): a name of ours relocated by shade was
        // meant to be the application's, and would silently match nothing.
        if (entry.getName().startsWith("inst/io/inferscope/agent/") || entry.getName().startsWith("io/inferscope/bootstrap/")) {
          referenced.stream().filter(name -> name.contains(SHADED + "okhttp3") || name.contains("io.inferscope.shaded.okhttp3"))
              .forEach(name -> oursNamingShaded.add(entry.getName() + ": " + name));
        }
      }
    }
    assertEquals(Map.of(), withoutHooks(namingOkHttp3), "only the OkHttp hooks may name okhttp3 unrelocated");
    // The advice inlined into the application's OkHttp, and the class names the hooks match.
    for (String hook : List.of("OkHttpStartAdvice", "OkHttpResponseAdvice", "OkHttpInstrumentation")) {
      assertTrue(namingOkHttp3.containsKey(OKHTTP_HOOKS + hook + ".class"), hook + " must name the application's okhttp3: " + namingOkHttp3);
    }
    assertTrue(namingOkHttp3.get(OKHTTP_HOOKS + "OkHttpStartAdvice.class").contains("okhttp3/Request"), "" + namingOkHttp3);
    assertTrue(namingOkHttp3.get(OKHTTP_HOOKS + "OkHttpInstrumentation.class").contains("okhttp3.internal.connection.RealCall"), "" + namingOkHttp3);
    assertEquals(Set.of(), oursNamingShaded, "our code must not name our relocated OkHttp");
  }

  private static Map<String, Set<String>> withoutHooks(Map<String, Set<String>> byClass) {
    Map<String, Set<String>> rest = new TreeMap<>(byClass);
    rest.keySet().removeIf(name -> name.startsWith(OKHTTP_HOOKS));
    return rest;
  }

  /**
   * Every type a class refers to (internal names and descriptors) and every string constant in it,
   * except in Kotlin's {@code @Metadata}: it keeps JVM signatures as plain strings, which shade leaves
   * unrelocated, for kotlin-reflect only (not bundled); nothing loads or matches classes by them.
   */
  private static Set<String> referencedNames(ZipFile jar, ZipEntry entry) {
    Set<String> names = new TreeSet<>();
    Remapper recording = new Remapper() {
      @Override
      public String map(String internalName) {
        names.add(internalName);
        return internalName;
      }

      @Override
      public Object mapValue(Object value) {
        if (value instanceof String text) {
          names.add(text);
        }
        return super.mapValue(value);
      }
    };
    try (InputStream in = jar.getInputStream(entry)) {
      // A writer as delegate: with none, the remapper would not visit method bodies.
      new ClassReader(in.readAllBytes()).accept(new ClassRemapper(new ClassWriter(0), recording) {
        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
          return descriptor.equals("Lkotlin/Metadata;") ? null : super.visitAnnotation(descriptor, visible);
        }
      }, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(entry.getName(), e);
    }
    return names;
  }

  private static ZipFile agentJar() throws IOException {
    Path jar = Path.of(System.getProperty("inferscope.agent.jar"));
    assertFalse(jar.toString().isEmpty());
    return new ZipFile(jar.toFile());
  }
}
