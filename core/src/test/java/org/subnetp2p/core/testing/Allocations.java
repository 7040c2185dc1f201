package org.subnetp2p.core.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Measures the heap a piece of code allocates on the calling thread, for the fuzz tests' contract
 * that a decoder's allocation is bounded by its input: a length prefix must be checked before
 * anything of that length is allocated.
 *
 * <p>Loading a class allocates too, and under the fuzzer far more (Jazzer instruments each class as
 * it loads, on the loading thread): a run during which classes were loaded is repeated, and the
 * repetition is what counts. The measured code must therefore be repeatable: build its input inside
 * it.
 */
public final class Allocations {
  /**
   * What any decode may allocate beyond its share per input byte: exceptions with their messages
   * and stack traces, first-time linking of call sites. A decoder that trusts a length prefix
   * allocates far more.
   */
  public static final long SLACK = 1 << 20;

  // The tests are compiled as part of their module, which reads neither java.management nor
  // jdk.management: the beans are reached reflectively.
  private static final MethodHandle ALLOCATED =
      bean("getThreadMXBean", "com.sun.management.ThreadMXBean", "getCurrentThreadAllocatedBytes");
  private static final MethodHandle LOADED =
      bean(
          "getClassLoadingMXBean",
          "java.lang.management.ClassLoadingMXBean",
          "getTotalLoadedClassCount");

  /** Code under measurement; it must be repeatable. */
  @FunctionalInterface
  public interface Action<T> {
    /** Runs the code. */
    T run() throws Exception;
  }

  private Allocations() {}

  /**
   * Runs {@code action} and fails if it allocated more than {@code maxBytes} on this thread,
   * whether it returned or threw; returns what it returned, or passes on what it threw.
   */
  public static <T> T atMost(long maxBytes, Action<T> action) throws Exception {
    long loaded = read(LOADED);
    try {
      return measured(maxBytes, action);
    } catch (AssertionError | Exception e) {
      if (read(LOADED) == loaded) {
        throw e;
      }
    }
    return measured(maxBytes, action); // classes were loaded: count a run without that
  }

  private static <T> T measured(long maxBytes, Action<T> action) throws Exception {
    long before = read(ALLOCATED);
    T result;
    try {
      result = action.run();
    } catch (Exception | Error e) {
      check(before, maxBytes, e); // an OutOfMemoryError shows as the broken bound it is
      throw e;
    }
    check(before, maxBytes, null);
    return result;
  }

  private static void check(long before, long maxBytes, Throwable thrown) {
    long allocated = read(ALLOCATED) - before;
    if (allocated > maxBytes) {
      throw new AssertionError(
          "allocated " + allocated + " bytes, more than the bound of " + maxBytes, thrown);
    }
  }

  private static long read(MethodHandle counter) {
    try {
      return (long) counter.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read a JVM counter", e);
    }
  }

  private static MethodHandle bean(String factoryMethod, String beanType, String getter) {
    try {
      Object bean =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod(factoryMethod)
              .invoke(null);
      return MethodHandles.publicLookup()
          .unreflect(Class.forName(beanType).getMethod(getter))
          .bindTo(bean)
          .asType(MethodType.methodType(long.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this JVM lacks " + beanType + "." + getter, e);
    }
  }
}
