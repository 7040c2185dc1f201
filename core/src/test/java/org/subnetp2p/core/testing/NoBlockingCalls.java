package org.subnetp2p.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Fails a test during which a thread that must never block made a blocking call: a Netty event loop
 * (Netty's own BlockHound integration, found on the class path, names those) or the JVM-wide
 * deadline timer of the request/response template ({@value #DEADLINE_TIMER}).
 *
 * <p>BlockHound instruments the JDK's blocking methods (parking, sleeping, socket and file I/O)
 * once per JVM, when the first test class starts. A violation throws {@link BlockingOperationError}
 * in the offending thread, where Netty may swallow it, so each one is also recorded here and
 * reported after the test. Registered for every test of a module through JUnit's extension
 * auto-detection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension} and {@code
 * junit.jupiter.extensions.autodetection.enabled=true} in the Surefire configuration), never per
 * class. Needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} on the test JVM.
 */
public final class NoBlockingCalls implements BeforeAllCallback, AfterEachCallback {
  /** The name of the template's deadline timer thread, which must never wait. */
  public static final String DEADLINE_TIMER = "subnet-p2p-deadlines";

  private static final int MAX_RECORDED = 20;
  private static final ConcurrentLinkedQueue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
  private static volatile boolean installed;

  /** Called by JUnit's extension auto-detection. */
  public NoBlockingCalls() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> seen = takeViolations();
    if (!seen.isEmpty()) {
      throw new AssertionError(
          seen.size() + " blocking call(s) on non-blocking threads:\n" + String.join("\n", seen));
    }
  }

  /** The violations recorded since the last call, for a test of the detector itself. */
  public static List<String> takeViolations() {
    List<String> seen = new ArrayList<>();
    for (String v; (v = VIOLATIONS.poll()) != null; ) {
      seen.add(v);
    }
    return seen;
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    verifySignedJarsFirst();
    BlockHound.install(
        builder ->
            builder
                .nonBlockingThreadPredicate(
                    current -> current.or(t -> DEADLINE_TIMER.equals(t.getName())))
                // An idle timer thread waits for its next task: that is its job, not a call.
                .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "getTask")
                // Key generation reads /dev/urandom, which never blocks.
                .allowBlockingCallsInside(
                    "sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
                // The test logging backend prints from whichever thread logs: tests only.
                .allowBlockingCallsInside("org.slf4j.simple.SimpleLogger", "write")
                .blockingMethodCallback(
                    method -> {
                      if (VIOLATIONS.size() < MAX_RECORDED) {
                        VIOLATIONS.add(describe(method.toString(), new Throwable()));
                      }
                      throw new BlockingOperationError(method);
                    }));
    installed = true;
  }

  private static String describe(String method, Throwable where) {
    String frames =
        Arrays.stream(where.getStackTrace())
            .filter(f -> !f.getClassName().startsWith("reactor.blockhound"))
            .limit(25)
            .map(f -> "    at " + f)
            .collect(Collectors.joining("\n"));
    return "  " + method + " on " + Thread.currentThread().getName() + "\n" + frames;
  }

  /**
   * Loads a class of each signed jar on the class path (BouncyCastle's) before BlockHound's
   * transformer is active. The JDK checks a signed jar's signature once, when its first class
   * loads; done under the transformer, that check deadlocked a test JVM: the loading thread held
   * the jar and waited, inside the transformer, for the class loader's lock, which {@code
   * Common-Cleaner} held while it waited for the jar.
   */
  private static void verifySignedJarsFirst() {
    try {
      Class.forName(
          "org.bouncycastle.crypto.params.Ed25519PublicKeyParameters",
          false,
          NoBlockingCalls.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // Not on this class path: nothing to verify.
    }
  }
}
