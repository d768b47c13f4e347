package io.inferscope.tests.apps;

import java.io.File;
import java.util.Arrays;

/**
 * Prints {@code bootstrap.copies=N}, how many of InferScope's bootstrap-package copies its temporary
 * directory holds while the application runs, after calling into one of the bridge classes the agent
 * put on the bootstrap path from such a copy (so those classes still load once the file is gone).
 */
public final class TempFilesApp {
  private TempFilesApp() {}

  public static void main(String[] args) throws ClassNotFoundException {
    Class<?> bridge = Class.forName("io.inferscope.bootstrap.InferenceScope", true, null);
    AppOutput.print("bridge.loaded", bridge.getName());
    String[] names = new File(System.getProperty("java.io.tmpdir")).list();
    long copies = names == null ? -1 : Arrays.stream(names).filter(n -> n.startsWith("inferscope-bootstrap-")).count();
    AppOutput.print("bootstrap.copies", copies);
  }
}
