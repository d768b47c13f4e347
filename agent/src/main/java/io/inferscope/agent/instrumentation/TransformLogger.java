package io.inferscope.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each transformed class in debug mode, and every failed transformation (the class then loads unchanged). */
final class TransformLogger extends AgentBuilder.Listener.Adapter {
  private static final Logger log = LoggerFactory.getLogger(TransformLogger.class);

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    if (log.isDebugEnabled()) {
      log.debug("transformed {} (loader {})", type.getName(), loader);
    }
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    log.warn("could not instrument {}; it runs uninstrumented", typeName, error);
  }
}
