package dev.onceflow.deploy.services;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configuration keys a module's {@code @ConfigMapping} interfaces declare, read from its
 * sources (no build of the module needed). Follows SmallRye Config's defaults: a method {@code
 * maxPageSize()} is the key {@code max-page-size} under the prefix, {@code @WithName} renames it,
 * {@code @WithParentName} flattens a group, a nested interface is a group, a {@code Map} is a
 * family of keys ({@code prefix.name.*}), {@code @WithDefault} gives the default.
 */
public final class ConfigMappings {

  private ConfigMappings() {}

  /** Key (or {@code prefix.*} family) to its {@code @WithDefault} value (null when none). */
  public static Map<String, String> keys(Path sourceRoot) {
    Map<String, ClassOrInterfaceDeclaration> interfaces = new HashMap<>();
    List<ClassOrInterfaceDeclaration> roots = new java.util.ArrayList<>();
    JavaParser parser =
        new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    if (!Files.isDirectory(sourceRoot)) {
      return Map.of();
    }
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        ParseResult<CompilationUnit> result = parser.parse(file);
        CompilationUnit unit =
            result
                .getResult()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "cannot parse " + file + ": " + result.getProblems()));
        for (ClassOrInterfaceDeclaration type : unit.findAll(ClassOrInterfaceDeclaration.class)) {
          if (!type.isInterface()) {
            continue;
          }
          interfaces.putIfAbsent(type.getNameAsString(), type);
          if (type.getAnnotationByName("ConfigMapping").isPresent()) {
            roots.add(type);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + sourceRoot, e);
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (ClassOrInterfaceDeclaration root : roots) {
      String prefix =
          stringMember(root.getAnnotationByName("ConfigMapping").get(), "prefix").orElse("");
      collect(prefix, root, interfaces, keys);
    }
    return keys;
  }

  private static void collect(
      String prefix,
      ClassOrInterfaceDeclaration type,
      Map<String, ClassOrInterfaceDeclaration> interfaces,
      Map<String, String> keys) {
    for (MethodDeclaration method : type.getMethods()) {
      if (method.isStatic()
          || method.isDefault()
          || method.getBody().isPresent()
          || !method.getParameters().isEmpty()) {
        continue;
      }
      Type returned = unwrap(method.getType(), "Optional");
      boolean parentName = method.getAnnotationByName("WithParentName").isPresent();
      String name =
          method
              .getAnnotationByName("WithName")
              .flatMap(a -> stringMember(a, "value"))
              .orElse(kebab(method.getNameAsString()));
      String key = parentName ? prefix : join(prefix, name);
      String defaultValue =
          method
              .getAnnotationByName("WithDefault")
              .flatMap(a -> stringMember(a, "value"))
              .orElse(null);
      if (returned instanceof ClassOrInterfaceType classType
          && classType.getNameAsString().equals("Map")) {
        Type value =
            classType.getTypeArguments().map(args -> args.get(args.size() - 1)).orElse(null);
        ClassOrInterfaceDeclaration group =
            value == null ? null : interfaces.get(simpleName(value));
        if (group != null) {
          collect(key + ".*", group, interfaces, keys);
        } else {
          keys.put(key + ".*", null);
        }
        continue;
      }
      ClassOrInterfaceDeclaration group = interfaces.get(simpleName(returned));
      if (group != null) {
        collect(key, group, interfaces, keys);
      } else {
        keys.put(key, defaultValue);
      }
    }
  }

  private static Type unwrap(Type type, String wrapper) {
    if (type instanceof ClassOrInterfaceType classType
        && classType.getNameAsString().equals(wrapper)
        && classType.getTypeArguments().isPresent()) {
      return classType.getTypeArguments().get().get(0);
    }
    return type;
  }

  private static String simpleName(Type type) {
    return type instanceof ClassOrInterfaceType classType
        ? classType.getNameAsString()
        : type.asString();
  }

  private static Optional<String> stringMember(AnnotationExpr annotation, String member) {
    Expression value = null;
    if (annotation instanceof SingleMemberAnnotationExpr single && member.equals("value")) {
      value = single.getMemberValue();
    } else if (annotation instanceof NormalAnnotationExpr normal) {
      for (MemberValuePair pair : normal.getPairs()) {
        if (pair.getNameAsString().equals(member)) {
          value = pair.getValue();
        }
      }
    }
    if (value instanceof FieldAccessExpr constant) {
      return Optional.of(constant(annotation, constant));
    }
    if (value instanceof NameExpr name) {
      return Optional.of(ownConstant(annotation, name.getNameAsString()));
    }
    return value instanceof StringLiteralExpr literal
        ? Optional.of(literal.asString())
        : Optional.empty();
  }

  /**
   * The value of a constant such as {@code OnceflowTopics.ORDER_EVENTS} (a name from
   * platform-contract, which is on this module's test classpath), found through the source's
   * imports.
   */
  private static String constant(AnnotationExpr annotation, FieldAccessExpr constant) {
    String owner = constant.getScope().toString();
    String imported =
        annotation
            .findCompilationUnit()
            .flatMap(
                unit ->
                    unit.getImports().stream()
                        .map(ImportDeclaration::getNameAsString)
                        .filter(name -> name.endsWith("." + owner))
                        .findFirst())
            .orElseThrow(() -> new IllegalStateException("no import for " + constant));
    try {
      return String.valueOf(Class.forName(imported).getField(constant.getNameAsString()).get(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the constant " + constant, e);
    }
  }

  /**
   * The value of a constant of the mapping itself, such as {@code DEFAULT_CONCURRENCY} in {@code
   * InboxConfig} (platform-core is on this module's test classpath too).
   */
  private static String ownConstant(AnnotationExpr annotation, String name) {
    String type =
        annotation
            .findCompilationUnit()
            .flatMap(unit -> unit.getPrimaryType().flatMap(t -> t.getFullyQualifiedName()))
            .orElseThrow(() -> new IllegalStateException("no type declares " + name));
    try {
      return String.valueOf(Class.forName(type).getField(name).get(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the constant " + type + "." + name, e);
    }
  }

  private static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** SmallRye's default naming: {@code maxPageSize} becomes {@code max-page-size}. */
  static String kebab(String methodName) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < methodName.length(); i++) {
      char c = methodName.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('-');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
