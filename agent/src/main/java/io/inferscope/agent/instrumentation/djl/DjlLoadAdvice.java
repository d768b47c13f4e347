package io.inferscope.agent.instrumentation.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.inferscope.bootstrap.DjlBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Criteria.loadModel()}. */
final class DjlLoadAdvice {
  private DjlLoadAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object criteria) {
    Criteria<?, ?> c = (Criteria<?, ?>) criteria;
    return DjlBridge.startLoad(c.getModelName(), c.getEngine());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object load, @Advice.Return Object result, @Advice.Thrown Throwable error) {
    if (load == null) {
      return;
    }
    if (result == null) {
      DjlBridge.endLoad(load, null, null, null, null, null, error);
      return;
    }
    ZooModel<?, ?> model = (ZooModel<?, ?>) result;
    NDManager manager = model.getNDManager();
    DjlBridge.endLoad(
        load,
        model,
        model.getName(),
        manager.getEngine().getEngineName(),
        String.valueOf(manager.getDevice()),
        String.valueOf(model.getModelPath()),
        error);
  }
}
