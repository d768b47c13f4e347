package io.inferscope.tests.apps;

import java.lang.instrument.Instrumentation;
import java.net.URL;

/**
 * A {@code -javaagent} attached ahead of InferScope that opens an HTTP connection (without
 * connecting) in its premain, as an agent fetching remote settings would: the JDK's
 * {@code HttpURLConnection} class is loaded before InferScope starts.
 */
public final class EarlyHttpAgent {
  private EarlyHttpAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
    Object connection = new URL("http://127.0.0.1:9/").openConnection();
    System.out.println("early.loaded=" + connection.getClass().getName());
  }
}
