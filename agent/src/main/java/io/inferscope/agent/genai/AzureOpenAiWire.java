package io.inferscope.agent.genai;

/**
 * Azure OpenAI's deployment paths ({@code .../openai/deployments/{deployment}/chat/completions} and
 * the like): OpenAI's formats, the deployment standing for the model. A deployment path is never
 * another provider's, even when malformed.
 */
final class AzureOpenAiWire extends ProviderWire {
  private static final String DEPLOYMENTS = "/openai/deployments/";

  @Override
  LlmEndpoint match(String p, String host) {
    int d = p.indexOf(DEPLOYMENTS);
    if (d < 0) {
      return null;
    }
    String rest = p.substring(d + DEPLOYMENTS.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return NOT_AN_LLM_CALL;
    }
    String deployment = JsonWriter.truncate(rest.substring(0, slash), LlmEndpoint.MAX_MODEL_LENGTH);
    switch (rest.substring(slash)) {
      case "/chat/completions":
        return new LlmEndpoint("azure.ai.openai", LlmEndpoint.CHAT, OpenAiWire.CHAT, deployment, false);
      case "/completions":
        return new LlmEndpoint("azure.ai.openai", LlmEndpoint.TEXT_COMPLETION, OpenAiWire.COMPLETIONS, deployment, false);
      case "/embeddings":
        return new LlmEndpoint("azure.ai.openai", LlmEndpoint.EMBEDDINGS, OpenAiWire.EMBEDDINGS, deployment, false);
      default:
        return NOT_AN_LLM_CALL;
    }
  }
}
