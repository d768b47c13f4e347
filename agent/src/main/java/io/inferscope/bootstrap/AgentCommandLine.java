package io.inferscope.bootstrap;

/**
 * {@code java -jar inferscope-agent.jar [command]}: prints version and usage, or runs a tool
 * command from the agent's isolated loader.
 */
public final class AgentCommandLine {
  private static final String COMMANDS = "io.inferscope.agent.cli.Commands";

  private AgentCommandLine() {}

  public static void main(String[] args) throws Exception {
    IsolatedAgentLoader agent = IsolatedAgentLoader.locate();
    ClassLoader loader = agent.open();
    Class<?> commands = Class.forName(COMMANDS, true, loader);
    int status =
        (Integer) commands.getMethod("run", String.class, String[].class).invoke(null, agent.version(), args);
    System.exit(status);
  }
}
