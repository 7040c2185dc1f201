package org.subnetp2p.node.modulepath;

import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's application as a named module: its sources compiled with {@code javac} against the
 * project's module jars, then run with {@code java --module-path ... --module ...} in a separate
 * JVM, as a JPMS user would build and run it.
 *
 * <p>The module path holds only the modules the application needs (its requirements, followed
 * through every {@code requires} of the jars on this test's class path, plus the {@code transport}
 * host provider and an SLF4J binding), so it checks the jars' module descriptors for real: a
 * missing export or {@code requires} fails the compilation or the run.
 */
final class ModulePathApp {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern MODULE = Pattern.compile("(?m)^module\\s+([\\w.]+)\\s*\\{");

  /** What a run printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {}

  private final Path dir;
  private final Path sources;
  private final Map<String, String> mainClassOf = new LinkedHashMap<>();
  private String moduleName;

  ModulePathApp(Path dir) throws IOException {
    this.dir = dir;
    this.sources = Files.createDirectories(dir.resolve("src"));
  }

  /** Adds one compilation unit, placed by its package and type name (or as module-info). */
  ModulePathApp add(String source) throws IOException {
    Matcher module = MODULE.matcher(source);
    if (module.find()) {
      moduleName = module.group(1);
      Files.writeString(sources.resolve("module-info.java"), source);
      return this;
    }
    Matcher pkg = PACKAGE.matcher(source);
    Matcher type = TYPE.matcher(source);
    if (!pkg.find() || !type.find()) {
      throw new IllegalArgumentException(
          "not a compilation unit with a package and a public type:\n" + source);
    }
    String qualified = pkg.group(1) + "." + type.group(1);
    Path file = sources.resolve(qualified.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    if (source.contains("public static void main(String[] args)")) {
      mainClassOf.put(type.group(1), qualified);
    }
    return this;
  }

  /**
   * Compiles the sources into a module and runs its main class in a new JVM whose working folder is
   * this app's folder.
   */
  Result compileAndRun(Set<String> requiredModules) throws Exception {
    if (moduleName == null || mainClassOf.size() != 1) {
      throw new IllegalStateException(
          "an app needs one module-info and one main class, found " + mainClassOf.keySet());
    }
    String modulePath = modulePath(requiredModules);
    Path classes = dir.resolve("classes");
    List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-d", classes.toString()));
    args.addAll(List.of("--module-path", modulePath));
    try (var files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    args.addFirst(Path.of(java).resolveSibling("javac").toString());
    Process javac =
        new ProcessBuilder(args)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("javac.out").toFile())
            .start();
    if (!javac.waitFor(120, TimeUnit.SECONDS) || javac.exitValue() != 0) {
      javac.destroyForcibly();
      return new Result(-1, "", "javac failed:\n" + read("javac.out"));
    }
    Process p =
        new ProcessBuilder(
                java,
                "--module-path",
                modulePath + File.pathSeparator + classes,
                "--module",
                moduleName + "/" + mainClassOf.values().iterator().next())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Result(-2, read("stdout"), read("stderr") + "\n(killed after 120 s)");
    }
    return new Result(p.exitValue(), read("stdout"), read("stderr"));
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  /**
   * The jars (or exploded modules) on this test's class path that {@code roots} need, following
   * every non-static {@code requires}.
   */
  static String modulePath(Set<String> roots) {
    Map<String, ModuleReference> available = new LinkedHashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
          available.putIfAbsent(ref.descriptor().name(), ref);
        }
      } catch (FindException | SecurityException e) {
        // not usable as a module (e.g. a jar whose name gives no valid module name): not needed
      }
    }
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      ModuleReference ref = available.get(name);
      if (ref == null || !needed.add(name)) {
        continue; // a JDK module, or seen already
      }
      for (ModuleDescriptor.Requires r : ref.descriptor().requires()) {
        if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          todo.push(r.name());
        }
      }
    }
    for (String root : roots) {
      if (!available.containsKey(root)) {
        throw new IllegalStateException(
            root + " is not on the test class path; modules found: " + available.keySet());
      }
    }
    List<String> paths = new ArrayList<>();
    for (String name : needed) {
      paths.add(Path.of(available.get(name).location().orElseThrow()).toString());
    }
    return String.join(File.pathSeparator, paths);
  }
}
