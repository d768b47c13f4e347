package io.inferscope.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Advice is inlined into library classes of any class-file version, some as old as Java 6 (Apache
 * HttpClient 4.5). A call to a static interface method needs Java 8 class files: inlined there, the
 * JVM rejects the whole class (VerifyError, "Illegal type at constant pool entry"), and the
 * application's client with it. So no advice may call one of ours or the JDK's. (A hooked library's
 * own static interface methods are fine: a library that has them is compiled for Java 8 or later.)
 */
class AdviceBytecodeTest {
  @Test
  void noAdviceCallsAStaticInterfaceMethod() throws Exception {
    List<String> adviceClasses = new ArrayList<>();
    List<String> offending = new ArrayList<>();
    for (Path file : classFiles()) {
      AdviceScanner scanner = new AdviceScanner();
      try (InputStream in = Files.newInputStream(file)) {
        new ClassReader(in).accept(scanner, ClassReader.SKIP_FRAMES);
      }
      if (scanner.isAdvice) {
        adviceClasses.add(scanner.name);
        offending.addAll(scanner.interfaceStaticCalls);
      }
    }
    assertTrue(adviceClasses.size() > 30, () -> "found the advice classes: " + adviceClasses);
    assertEquals(List.of(), offending, "static interface method calls in advice");
  }

  private static List<Path> classFiles() throws IOException, URISyntaxException {
    Path root = Path.of(InstrumentationInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("io/inferscope/agent/instrumentation");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  /** Notes whether a class has advice methods, and every static call to an interface method it makes. */
  private static final class AdviceScanner extends ClassVisitor {
    private String name;
    private boolean isAdvice;
    private final List<String> interfaceStaticCalls = new ArrayList<>();

    AdviceScanner() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      this.name = name;
    }

    @Override
    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (annotation.startsWith("Lnet/bytebuddy/asm/Advice$OnMethod")) {
            isAdvice = true;
          }
          return null;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
          if (opcode == Opcodes.INVOKESTATIC && isInterface && (owner.startsWith("io/inferscope/") || owner.startsWith("java/")
              || owner.startsWith("javax/") || owner.startsWith("jdk/") || owner.startsWith("sun/"))) {
            interfaceStaticCalls.add(name + "." + method + " calls " + owner + "." + called);
          }
        }
      };
    }
  }
}
