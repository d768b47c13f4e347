package io.inferscope.tests.apps;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads DJL, its ONNX Runtime engine, ONNX Runtime and the DjlApp classes through one child
 * URLClassLoader whose parent is the platform loader, as app servers and fat-jar launchers do, and
 * runs {@link DjlApp#main} through it by reflection. None of those jars is on the application class path.
 * Usage: {@code DjlChildLoaderApp LIBS_DIR ORT_JAR APP_CLASSES DjlApp-args...}.
 */
public final class DjlChildLoaderApp {
  private DjlChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> jars = Files.list(Path.of(args[0]))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
    }
    urls.add(Path.of(args[1]).toUri().toURL());
    urls.add(Path.of(args[2]).toUri().toURL());
    String[] appArgs = Arrays.copyOfRange(args, 3, args.length);
    try (URLClassLoader loader = new URLClassLoader("child", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> app = loader.loadClass("io.inferscope.tests.apps.DjlApp");
      System.out.println("app.loader=" + app.getClassLoader().getName());
      Method main = app.getMethod("main", String[].class);
      main.invoke(null, (Object) appArgs);
    }
  }
}
