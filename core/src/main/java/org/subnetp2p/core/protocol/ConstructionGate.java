package org.subnetp2p.core.protocol;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Holds back inbound requests until the protocol object they are for has been fully constructed.
 *
 * <p>The base constructor registers the stream handler, as the Python template does, so a request
 * can arrive while a subclass constructor is still assigning its fields. Java offers no hook at the
 * end of a constructor chain, so the gate watches the constructing thread: while any of its frames
 * is a constructor of the protocol's class or one of its superclasses, the object is not ready.
 * Once it has been seen ready the gate stays open and costs one volatile read.
 */
final class ConstructionGate {
  private final Thread constructingThread;
  private final Set<String> constructorOwners;
  private volatile boolean open;

  /** A gate for an object of {@code concreteClass} being built on the current thread. */
  ConstructionGate(Class<?> concreteClass, Class<?> baseClass) {
    this.constructingThread = Thread.currentThread();
    Set<String> owners = new HashSet<>();
    for (Class<?> c = concreteClass; c != null; c = c.getSuperclass()) {
      owners.add(c.getName());
      if (c == baseClass) {
        break;
      }
    }
    this.constructorOwners = Set.copyOf(owners);
  }

  /**
   * Waits until construction has finished.
   *
   * @return false if it had not finished within {@code timeoutNanos}
   */
  boolean awaitOpen(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!open) {
      if (!stillConstructing()) {
        open = true;
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
    return true;
  }

  private boolean stillConstructing() {
    // The constructing thread serving a request itself cannot be inside the constructor.
    if (constructingThread == Thread.currentThread() || !constructingThread.isAlive()) {
      return false;
    }
    for (StackTraceElement frame : constructingThread.getStackTrace()) {
      if ("<init>".equals(frame.getMethodName())
          && constructorOwners.contains(frame.getClassName())) {
        return true;
      }
    }
    return false;
  }
}
