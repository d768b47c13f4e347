package io.inferscope.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/**
 * The catalog is what start-up knows of each instrumentation without loading it: a class hooked
 * outside the places its library's entry names, or inside another's, would never be changed as its
 * library wants, since that library's hooks would not be built when it loads. Checked through the
 * lookup start-up itself uses ({@link LibraryHooks}).
 */
class InstrumentationCatalogTest {
  private static final AdviceLocator ADVICE = new AdviceLocator(ClassFileLocator.NoOp.INSTANCE);
  /** The lookup start-up uses, over every library; nothing here builds any hooks. */
  private static final LibraryHooks HOOKS = new LibraryHooks(InstrumentationCatalog.ALL, OpenTelemetry.noop(), "test", null, null);

  @Test
  void everyHookedClassIsAttributedToItsOwnLibraryByTheStartUpLookup() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Library library : InstrumentationCatalog.ALL) {
      LibraryInstrumentation instrumentation = library.load();
      if (!instrumentation.name().equals(library.name())) {
        problems.add(library.implementation() + " is named " + instrumentation.name() + ", its entry " + library.name());
      }
      Set<String> hooked = new LinkedHashSet<>();
      instrumentation.transformations(ADVICE).forEach(t -> hooked.add(t.className()));
      assertTrue(!hooked.isEmpty(), library.name());
      for (String type : hooked) {
        Library found = HOOKS.libraryOf(type.replace('.', '/'));
        if (found != library) {
          problems.add(library.name() + " hooks " + type + ", which start-up attributes to "
              + (found == null ? "no library" : found.name()) + " (" + library.name() + "'s entry: " + library.classes() + ")");
        }
      }
      for (String where : library.classes()) {
        if (!where.endsWith(".") && !hooked.contains(where)) {
          problems.add(library.name() + " names " + where + ", which it does not hook");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void namesAreUniqueAndRequirementsNameOtherEntries() {
    List<String> names = InstrumentationCatalog.ALL.stream().map(Library::name).toList();
    assertEquals(names.size(), Set.copyOf(names).size(), names.toString());
    for (Library library : InstrumentationCatalog.ALL) {
      for (String required : library.requires()) {
        assertTrue(names.contains(required) && !required.equals(library.name()), library + " requires " + required);
      }
    }
  }

  @Test
  void aPackageCoversItsClassesAndAnExactNameOnlyItself() {
    Library okhttp = library("okhttp");
    assertEquals(okhttp, HOOKS.libraryOf("okhttp3/internal/connection/RealCall"));
    assertEquals(null, HOOKS.libraryOf("okhttp3x/Other"));
    assertEquals(null, HOOKS.libraryOf("com/squareup/okhttp3/Call"));
    assertEquals(library("java-http-client"), HOOKS.libraryOf("jdk/internal/net/http/HttpClientImpl"));
    assertEquals(null, HOOKS.libraryOf("jdk/internal/net/http/HttpClientImpl$SelectorManager"));
    assertEquals(null, HOOKS.libraryOf("jdk/internal/net/http/Http1Exchange"));
  }

  private static Library library(String name) {
    return InstrumentationCatalog.ALL.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }
}
