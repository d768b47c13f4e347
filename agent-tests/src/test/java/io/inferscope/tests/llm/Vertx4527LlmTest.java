package io.inferscope.tests.llm;

/** The transport suite on Vert.x 4.5.27 (the newest 4.5 the mirror serves whole). */
class Vertx4527LlmTest extends VertxWebClientLlmSuite {
  Vertx4527LlmTest() {
    super(Transport.VERTX_4_5_27);
  }
}
