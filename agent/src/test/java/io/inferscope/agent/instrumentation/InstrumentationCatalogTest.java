package io.inferscope.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/**
 * The catalog is what start-up knows of each instrumentation without loading it: a class hooked
 * outside the places its library's entry names would never be changed, since its library's hooks
 * would not be built when it loads.
 */
class InstrumentationCatalogTest {
  private static final AdviceLocator ADVICE = new AdviceLocator(ClassFileLocator.NoOp.INSTANCE);

  @Test
  void everyHookedClassIsWhereItsLibrarysEntrySaysAndInNoOtherLibrary() throws Exception {
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
        if (!library.covers(type)) {
          problems.add(library.name() + " hooks " + type + ", outside " + library.classes());
        }
        for (Library other : InstrumentationCatalog.ALL) {
          if (other != library && other.covers(type)) {
            problems.add(type + " is hooked by " + library.name() + " but also covered by " + other.name());
          }
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
    assertTrue(okhttp.covers("okhttp3.internal.connection.RealCall"));
    assertTrue(!okhttp.covers("okhttp3x.Other") && !okhttp.covers("com.squareup.okhttp3.Call"));
    Library jdk = library("java-http-client");
    assertTrue(jdk.covers("jdk.internal.net.http.HttpClientImpl"));
    assertTrue(!jdk.covers("jdk.internal.net.http.HttpClientImpl$SelectorManager") && !jdk.covers("jdk.internal.net.http.Http1Exchange"));
  }

  private static Library library(String name) {
    return InstrumentationCatalog.ALL.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }
}
