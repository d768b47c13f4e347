package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts this package, and only it, on the bootstrap class path: advice inlined into library classes
 * calls the bridges here from every class loader. Not the whole agent jar: its root also holds the
 * OpenTelemetry Java agent extension's service files and classes, which, seen from the bootstrap
 * loader, every {@code ServiceLoader} in the JVM would find and fail to link (the OpenTelemetry agent's
 * own SDK configuration and an application's SDK among them). The build packs the package as a jar of
 * its own inside the agent jar; it is copied to the temporary directory and removed as soon as the JVM
 * has opened it, so that a JVM killed without a shutdown leaves nothing behind.
 */
public final class BootstrapJar {
  private static final String PACKED = "inst/inferscope-bootstrap.jar";

  private BootstrapJar() {}

  public static void append(Instrumentation instrumentation, File agentJar) throws IOException {
    File copy = copyOfPackage(agentJar);
    try (JarFile jar = new JarFile(copy)) {
      instrumentation.appendToBootstrapClassLoaderSearch(jar);
    }
    // The JVM opened the jar when it was appended and keeps it open; its classes need no path from now
    // on (their class files are read from the agent jar, see InstrumentationInstaller). Where an open
    // file cannot be deleted (Windows), it goes at exit instead.
    if (!copy.delete()) {
      copy.deleteOnExit();
    }
  }

  private static File copyOfPackage(File agentJar) throws IOException {
    try (JarFile source = new JarFile(agentJar, false)) {
      JarEntry packed = source.getJarEntry(PACKED);
      if (packed == null) {
        throw new IOException(agentJar + " has no " + PACKED + "; it is not a complete InferScope agent jar");
      }
      Path copy = createCopy();
      try (InputStream in = source.getInputStream(packed); OutputStream out = Files.newOutputStream(copy)) {
        in.transferTo(out);
      }
      return copy.toFile();
    }
  }

  /**
   * A new file of ours, named by the clock and an object's identity, not by Files.createTempFile, whose
   * SecureRandom costs about 150 ms of start-up on a small VM. CREATE_NEW refuses an existing file or
   * link, so a name taken (by another JVM started in the same nanosecond) is tried again.
   */
  private static Path createCopy() throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path copy = Path.of(System.getProperty("java.io.tmpdir"), "inferscope-bootstrap-" + System.nanoTime() + "-"
          + Integer.toHexString(System.identityHashCode(new Object())) + ".jar");
      try {
        Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return copy;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 9) {
          throw e;
        }
      }
    }
  }
}
