package dev.onceflow.deploy.strict;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which Strimzi API versions a model property exists in. Strimzi marks properties with
 * {@code @PresentInVersions("v1beta2")} (runtime retention), but that annotation's jar is not
 * published, so reflection cannot see it: it is read from the class files with ASM instead.
 */
public final class StrimziVersions {

  private static final String PRESENT_IN_VERSIONS =
      "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";

  /** The order Strimzi's API versions were introduced in. */
  private static final List<String> ORDER = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

  private static final Map<Class<?>, Map<String, String>> CACHE = new ConcurrentHashMap<>();

  private StrimziVersions() {}

  /**
   * Whether member {@code memberName} (a getter or field name) of {@code declaringClass} exists in
   * {@code apiVersion}; true when it carries no version restriction.
   */
  public static boolean present(Class<?> declaringClass, String memberName, String apiVersion) {
    String range = CACHE.computeIfAbsent(declaringClass, StrimziVersions::read).get(memberName);
    return range == null || inRange(range, apiVersion);
  }

  /** The declared range of a member, for messages; null when unrestricted. */
  public static String range(Class<?> declaringClass, String memberName) {
    return CACHE.computeIfAbsent(declaringClass, StrimziVersions::read).get(memberName);
  }

  /** Strimzi's range syntax: {@code v1beta2}, {@code v1beta2+}, {@code v1alpha1-v1beta2}. */
  static boolean inRange(String range, String version) {
    int v = rank(version);
    for (String part : range.split(",")) {
      part = part.trim();
      if (part.endsWith("+")) {
        if (v >= rank(part.substring(0, part.length() - 1))) {
          return true;
        }
      } else if (part.contains("-")) {
        String[] bounds = part.split("-", 2);
        if (v >= rank(bounds[0]) && v <= rank(bounds[1])) {
          return true;
        }
      } else if (v == rank(part)) {
        return true;
      }
    }
    return false;
  }

  private static int rank(String version) {
    int rank = ORDER.indexOf(version);
    if (rank < 0) {
      throw new IllegalArgumentException("unknown Strimzi API version " + version);
    }
    return rank;
  }

  private static Map<String, String> read(Class<?> type) {
    Map<String, String> ranges = new HashMap<>();
    String resource = type.getName().replace('.', '/') + ".class";
    ClassLoader loader =
        type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return ranges;
      }
      new ClassReader(in)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] ex) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                      return collector(desc, name, ranges);
                    }
                  };
                }

                @Override
                public FieldVisitor visitField(
                    int access, String name, String descriptor, String signature, Object value) {
                  return new FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                      return collector(desc, name, ranges);
                    }
                  };
                }
              },
              ClassReader.SKIP_CODE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
    return ranges;
  }

  private static AnnotationVisitor collector(
      String descriptor, String member, Map<String, String> ranges) {
    if (!PRESENT_IN_VERSIONS.equals(descriptor)) {
      return null;
    }
    return new AnnotationVisitor(Opcodes.ASM9) {
      @Override
      public void visit(String name, Object value) {
        if ("value".equals(name)) {
          ranges.put(member, value.toString());
        }
      }
    };
  }
}
