package io.inferscope.tests.apps;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads ONNX Runtime through a child URLClassLoader whose parent is the platform loader, as app
 * servers and fat-jar launchers do, and runs one inference by reflection.
 * Usage: {@code ChildLoaderApp ORT_JAR MODEL_PATH}.
 */
public final class ChildLoaderApp {
  private ChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    URL ortJar = Path.of(args[0]).toUri().toURL();
    try (URLClassLoader loader = new URLClassLoader("child", new URL[] {ortJar}, ClassLoader.getPlatformClassLoader())) {
      Class<?> envClass = loader.loadClass("ai.onnxruntime.OrtEnvironment");
      Object env = envClass.getMethod("getEnvironment").invoke(null);
      Object session = envClass.getMethod("createSession", String.class).invoke(env, args[1]);
      Class<?> tensorClass = loader.loadClass("ai.onnxruntime.OnnxTensor");
      Method create = tensorClass.getMethod("createTensor", envClass, Object.class);
      Object x = create.invoke(null, env, new float[][] {{1, 2, 3, 4}});
      Object result = session.getClass().getMethod("run", Map.class).invoke(session, Map.of("X", x));
      System.out.println("loader=" + session.getClass().getClassLoader().getName());
      ((AutoCloseable) result).close();
      ((AutoCloseable) x).close();
      ((AutoCloseable) session).close();
    }
  }
}
