package io.inferscope.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Builds one Byte Buddy transformer for all enabled instrumentations. Types are matched by exact
 * name first (cheap), JDK and agent classes are never considered, and only classes loaded after
 * start-up are transformed: there is no retransformation pass over already-loaded classes.
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
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .with(AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(AgentBuilder.PoolStrategy.Default.FAST)
            .with(new AgentBuilder.LocationStrategy.Compound(
                AgentBuilder.LocationStrategy.ForClassLoader.STRONG, new AgentBuilder.LocationStrategy.Simple(bridgeTypes)))
            .with(new TransformLogger())
            .ignore(
                nameStartsWith("java.")
                    .or(nameStartsWith("javax."))
                    .or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun."))
                    .or(nameStartsWith("com.sun."))
                    .or(nameStartsWith("io.inferscope.")))
            .or(any(), loader -> loader == agentLoader);
    AdviceLocator advice = new AdviceLocator(new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(agentLoader), bridgeTypes));
    List<LibraryInstrumentation> enabled = new ArrayList<>();
    for (LibraryInstrumentation library : available) {
      if (config.instrumentationEnabled(library.name(), true)) {
        builder = library.extend(builder, advice);
        enabled.add(library);
      }
    }
    if (!enabled.isEmpty()) {
      builder.installOn(instrumentation);
    }
    return enabled;
  }

  public static void registerHooks(List<LibraryInstrumentation> enabled, OpenTelemetry openTelemetry, String agentVersion) {
    for (LibraryInstrumentation library : enabled) {
      library.registerHooks(openTelemetry, agentVersion);
    }
  }
}
