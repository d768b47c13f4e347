package io.inferscope.agent.instrumentation.onnxruntime;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A short, stable, low-cardinality model name: the file name without extension (never the absolute
 * path), or for in-memory models a content checksum, so the same model always gets the same name.
 */
final class OnnxModelName {
  static final int MAX_LENGTH = 64;
  // Exporters often name every model "model.onnx"; the folder then says more.
  private static final Set<String> GENERIC = Set.of("model", "model_quantized", "model_optimized", "decoder_model", "encoder_model");

  private OnnxModelName() {}

  static String of(Object source) {
    if (source instanceof String) {
      return fromPath((String) source);
    }
    if (source instanceof byte[]) {
      CRC32C crc = new CRC32C();
      crc.update((byte[]) source);
      return checksumName(crc);
    }
    if (source instanceof ByteBuffer) {
      CRC32C crc = new CRC32C();
      crc.update(((ByteBuffer) source).duplicate());
      return checksumName(crc);
    }
    return "unknown";
  }

  static String sourceKind(Object source) {
    return source instanceof String ? "file" : source instanceof byte[] || source instanceof ByteBuffer ? "memory" : "unknown";
  }

  private static String checksumName(CRC32C crc) {
    return "onnx-" + String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static String fromPath(String path) {
    Path file;
    try {
      file = Path.of(path);
    } catch (RuntimeException invalid) {
      return cap(path);
    }
    Path fileName = file.getFileName();
    if (fileName == null) {
      return "unknown";
    }
    String name = stripExtension(fileName.toString());
    Path parent = file.getParent();
    if (GENERIC.contains(name.toLowerCase(Locale.ROOT)) && parent != null && parent.getFileName() != null) {
      name = parent.getFileName() + "/" + name;
    }
    return cap(name);
  }

  private static String stripExtension(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String extension : new String[] {".onnx", ".ort"}) {
      if (lower.endsWith(extension) && lower.length() > extension.length()) {
        return fileName.substring(0, fileName.length() - extension.length());
      }
    }
    return fileName;
  }

  private static String cap(String name) {
    return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
  }
}
