package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts this package, and only it, on the bootstrap class path: advice inlined into library classes
 * calls the bridges here from every class loader. Not the whole agent jar: its root also holds the
 * OpenTelemetry Java agent extension's service files and classes, which, seen from the bootstrap
 * loader, every {@code ServiceLoader} in the JVM would find and fail to link (the OpenTelemetry agent's
 * own SDK configuration and an application's SDK among them). So the package is copied into a small jar
 * of its own in the temporary directory, removed at exit.
 */
public final class BootstrapJar {
  private static final String PACKAGE = "io/inferscope/bootstrap/";

  private BootstrapJar() {}

  public static void append(Instrumentation instrumentation, File agentJar) throws IOException {
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(copyOfPackage(agentJar)));
  }

  private static File copyOfPackage(File agentJar) throws IOException {
    Path copy = Files.createTempFile("inferscope-bootstrap-", ".jar");
    copy.toFile().deleteOnExit();
    try (JarFile source = new JarFile(agentJar, false); OutputStream file = Files.newOutputStream(copy);
        JarOutputStream target = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(PACKAGE) && !entry.isDirectory()) {
          target.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
    }
    return copy.toFile();
  }
}
