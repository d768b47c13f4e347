package io.inferscope.extension;

import io.inferscope.bootstrap.BootstrapJar;
import io.inferscope.bootstrap.IsolatedAgentLoader;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * The calls into the bootstrap package. A class apart from {@link HostedInferScope} so that it links
 * to {@code io.inferscope.bootstrap} only when the package is put on the bootstrap path: resolved any
 * earlier, the extension loader would define copies of its own ({@link BootstrapJar}'s own copy, used to
 * put it there, is stateless).
 */
final class HostedStart {
  private HostedStart() {}

  static ClassLoader open(File jar, Instrumentation instrumentation, ClassLoader extensionLoader)
      throws IOException, ReflectiveOperationException {
    if (!onBootstrapPath()) {
      BootstrapJar.append(instrumentation, jar);
    }
    return IsolatedAgentLoader.of(jar).openHosted(extensionLoader);
  }

  static void start(File jar, ClassLoader hosted, Instrumentation instrumentation, Object openTelemetry, String how)
      throws ReflectiveOperationException {
    IsolatedAgentLoader.of(jar).startHosted(hosted, instrumentation, openTelemetry, how);
  }

  /** A static no-argument method of InferScope's hosted entry class. */
  static Object call(ClassLoader hosted, String method) throws ReflectiveOperationException {
    return IsolatedAgentLoader.hostedAgent(hosted).getMethod(method).invoke(null);
  }

  // Appended by InferScope's own -javaagent already, when it handed over to this agent.
  private static boolean onBootstrapPath() {
    try {
      Class.forName("io.inferscope.bootstrap.AgentPremain", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
