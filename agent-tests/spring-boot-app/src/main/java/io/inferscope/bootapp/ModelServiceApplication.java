package io.inferscope.bootapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * An ordinary Spring MVC model service on embedded Tomcat: {@code GET /score} runs an ONNX model,
 * {@code GET /ask} asks an LLM through openai-java. Nothing in it knows about tracing.
 *
 * <p>Whoever starts it reads two lines on stdout: {@code port=N} once Tomcat listens (the port may
 * be chosen by the system, {@code --server.port=0}), then {@code ready} once the application can
 * serve.
 */
@SpringBootApplication
public class ModelServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ModelServiceApplication.class, args);
  }

  @EventListener
  public void onWebServer(WebServerInitializedEvent event) {
    System.out.println("port=" + event.getWebServer().getPort());
  }

  @EventListener
  public void onReady(ApplicationReadyEvent event) {
    System.out.println("ready");
  }
}
