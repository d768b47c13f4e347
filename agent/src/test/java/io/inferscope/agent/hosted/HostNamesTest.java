package io.inferscope.agent.hosted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The constant-pool renaming that points our classes at the OpenTelemetry Java agent's API, SDK and
 * Byte Buddy reads the same as ASM's {@link ClassRemapper} given the same names, on real classes of
 * ours (here unshaded, so the test names "our" copies as they are on the test class path).
 */
class HostNamesTest {
  private static final HostNames NAMES = new HostNames("io/opentelemetry/", "net/bytebuddy/");

  @Test
  void namesMapAsTheAgentKeepsThem() {
    assertEquals("io/opentelemetry/javaagent/shaded/io/opentelemetry/api/trace/Span", NAMES.map("io/opentelemetry/api/trace/Span"));
    assertEquals("io/opentelemetry/javaagent/shaded/io/opentelemetry/context/Context", NAMES.map("io/opentelemetry/context/Context"));
    assertEquals("io/opentelemetry/sdk/trace/SdkTracerProvider", NAMES.map("io/opentelemetry/sdk/trace/SdkTracerProvider"));
    assertEquals("io/opentelemetry/exporter/otlp/X", NAMES.map("io/opentelemetry/exporter/otlp/X"), "what the agent does not share keeps its name");
    assertEquals("org/objectweb/asm/ClassVisitor", NAMES.map("net/bytebuddy/jar/asm/ClassVisitor"), "the agent's Byte Buddy uses plain ASM");
    assertEquals("net/bytebuddy/asm/Advice", NAMES.map("net/bytebuddy/asm/Advice"));
    assertEquals("java/lang/String", NAMES.map("java/lang/String"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "io.inferscope.agent.instrumentation.AdviceLocator", // Byte Buddy's advice API
      "io.inferscope.agent.instrumentation.okhttp.OkHttpBodyReadAdvice", // advice annotations, enum and class values
      "io.inferscope.agent.llm.GenAiTelemetry", // the OpenTelemetry API
      "io.inferscope.agent.telemetry.AgentResource", // the SDK
      "io.inferscope.agent.hosted.HostNamesTest" // ASM itself, lambdas, generic signatures
  })
  void renamingTheConstantPoolReadsAsAsmsRemapping(String type) throws IOException {
    byte[] original = classFile(type);
    byte[] renamed = NAMES.rename(original);
    Remapper asm = new Remapper() {
      @Override
      public String map(String internalName) {
        return NAMES.map(internalName);
      }
    };
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(original).accept(new ClassRemapper(writer, asm), 0);

    assertEquals(names(writer.toByteArray()), names(renamed));
  }

  @Test
  void theOpenTelemetryApiAndAsmAreRenamedAndStringsAreNot() throws IOException {
    List<String> api = names(NAMES.rename(classFile("io.inferscope.agent.llm.GenAiTelemetry")));
    assertTrue(api.stream().anyMatch(n -> n.contains("Lio/opentelemetry/javaagent/shaded/io/opentelemetry/api/")), api.toString());
    assertTrue(api.stream().noneMatch(n -> n.matches(".*[L ]io/opentelemetry/api/.*")), api.toString());
    List<String> asm = names(NAMES.rename(classFile("io.inferscope.agent.hosted.HostNamesTest")));
    assertTrue(asm.contains("type 187 org/objectweb/asm/ClassWriter"), asm.toString());
    assertTrue(asm.contains("ldc io/opentelemetry/api/trace/Span"), "a string constant keeps its text: " + asm);
  }

  @Test
  void aClassThatNamesNeitherCopyIsLeftAsItIs() throws IOException {
    byte[] original = classFile("java.lang.String");
    assertSame(original, NAMES.rename(original));
  }

  @Test
  void aFileThatIsNotAClassIsRefused() {
    byte[] bytes = new byte[64];
    bytes[9] = 3; // two pool entries
    bytes[10] = 99; // no such tag
    System.arraycopy("io/opentelemetry/".getBytes(), 0, bytes, 20, 17);
    assertThrows(IllegalArgumentException.class, () -> NAMES.rename(bytes));
  }

  private static byte[] classFile(String type) throws IOException {
    String resource = type.replace('.', '/') + ".class";
    try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  /** Every name a class file uses, in the order ASM reports them. */
  private static List<String> names(byte[] classFile) {
    List<String> out = new ArrayList<>();
    AnnotationVisitor annotations = new AnnotationVisitor(Opcodes.ASM9) {
      @Override
      public void visit(String name, Object value) {
        out.add("value " + name + " " + value);
      }

      @Override
      public void visitEnum(String name, String descriptor, String value) {
        out.add("enum " + descriptor + " " + value);
      }

      @Override
      public AnnotationVisitor visitAnnotation(String name, String descriptor) {
        out.add("annotation " + descriptor);
        return this;
      }

      @Override
      public AnnotationVisitor visitArray(String name) {
        return this;
      }
    };
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        out.add("class " + name + " " + signature + " " + superName + " " + List.of(interfaces));
      }

      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        out.add("annotation " + descriptor);
        return annotations;
      }

      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        out.add("field " + name + " " + descriptor + " " + signature + " " + value);
        return null;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        out.add("method " + name + " " + descriptor + " " + signature);
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            out.add("annotation " + annotation);
            return annotations;
          }

          @Override
          public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
            out.add("parameter " + parameter + " annotation " + annotation);
            return annotations;
          }

          @Override
          public void visitTypeInsn(int opcode, String type) {
            out.add("type " + opcode + " " + type);
          }

          @Override
          public void visitFieldInsn(int opcode, String owner, String name, String fieldDescriptor) {
            out.add("field " + opcode + " " + owner + "." + name + " " + fieldDescriptor);
          }

          @Override
          public void visitMethodInsn(int opcode, String owner, String name, String methodDescriptor, boolean isInterface) {
            out.add("call " + opcode + " " + owner + "." + name + methodDescriptor);
          }

          @Override
          public void visitInvokeDynamicInsn(String name, String methodDescriptor, Handle bootstrap, Object... arguments) {
            out.add("indy " + name + methodDescriptor + " " + bootstrap + " " + List.of(arguments));
          }

          @Override
          public void visitLdcInsn(Object value) {
            out.add("ldc " + value);
          }

          @Override
          public void visitLocalVariable(String name, String descriptor, String signature,
              net.bytebuddy.jar.asm.Label start, net.bytebuddy.jar.asm.Label end, int index) {
            out.add("local " + name + " " + descriptor + " " + signature);
          }
        };
      }
    }, 0);
    return out;
  }
}
