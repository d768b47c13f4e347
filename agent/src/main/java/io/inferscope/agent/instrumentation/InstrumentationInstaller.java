package io.inferscope.agent.instrumentation;

import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Installs one transformer for all enabled instrumentations. Only classes loaded after start-up are
 * transformed: there is no retransformation pass over classes already loaded.
 */
public final class InstrumentationInstaller {
  private InstrumentationInstaller() {}

  /**
   * Installs the transformer for the enabled instrumentations. Their hooks are registered separately
   * ({@link #registerHooks}), once the SDK is ready: until then the bridges do nothing, and no
   * application code runs before premain returns.
   *
   * @return the enabled instrumentations
   */
  public static List<LibraryInstrumentation> install(
      Instrumentation instrumentation, List<LibraryInstrumentation> available, AgentConfig config, File agentJar)
      throws IOException {
    ClassLoader agentLoader = InstrumentationInstaller.class.getClassLoader();
    // Classes appended to the bootstrap search path at run time load, but their class files are not
    // visible through getResource; Byte Buddy reads the bridge types straight from the agent jar.
    ClassFileLocator bridgeTypes = ClassFileLocator.ForJarFile.of(agentJar);
    AdviceLocator advice = new AdviceLocator(new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(agentLoader), bridgeTypes));
    List<LibraryInstrumentation> enabled = new ArrayList<>();
    List<TypeTransformation> transformations = new ArrayList<>();
    for (LibraryInstrumentation library : available) {
      if (config.instrumentationEnabled(library.name(), true)) {
        transformations.addAll(library.transformations(advice));
        enabled.add(library);
      }
    }
    if (!transformations.isEmpty()) {
      instrumentation.addTransformer(new HookTransformer(transformations, agentLoader, bridgeTypes, instrumentation), false);
    }
    return enabled;
  }

  public static void registerHooks(List<LibraryInstrumentation> enabled, OpenTelemetry openTelemetry, String agentVersion) {
    for (LibraryInstrumentation library : enabled) {
      library.registerHooks(openTelemetry, agentVersion);
    }
  }
}
