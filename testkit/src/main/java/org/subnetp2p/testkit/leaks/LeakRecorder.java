package org.subnetp2p.testkit.leaks;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector, recording what it reports. Netty uses it for every resource type because
 * the Surefire configuration names it in {@code io.netty.customResourceLeakDetector}; {@link
 * NoLeaks} turns the records into test failures.
 *
 * <p>Every tracked buffer carries, as its first hint, the test that was running when it was
 * allocated: a leak found only after a later test has started (the collector decides when) still
 * names the test that made it.
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
  private static final ConcurrentLinkedQueue<Leak> LEAKS = new ConcurrentLinkedQueue<>();
  private static volatile String runningTest = "no test (class or extension set-up)";
  private static volatile boolean installed;

  /** A leak report, with the test during which the leaked resource was allocated. */
  record Leak(String allocatedDuring, String report) {}

  /** The first record of every tracked resource: whose test allocated it. */
  private record AllocatedDuring(String test) {
    @Override
    public String toString() {
      return "allocated during " + test;
    }
  }

  /** Called by Netty's leak detector factory. */
  public LeakRecorder(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    installed = true;
  }

  /** Called by Netty's leak detector factory, which tries this form first. */
  public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
    this(resourceType, samplingInterval);
  }

  /** Whether Netty made this its leak detector (else no leak would ever be recorded). */
  static boolean installed() {
    return installed;
  }

  /** Names the test running from now on, for the resources allocated from now on. */
  static void running(String test) {
    runningTest = test;
  }

  /** The leaks reported since the last call. */
  static List<Leak> drain() {
    List<Leak> leaks = new ArrayList<>();
    for (Leak leak; (leak = LEAKS.poll()) != null; ) {
      leaks.add(leak);
    }
    return leaks;
  }

  @Override
  protected Object getInitialHint(String resourceType) {
    return new AllocatedDuring(runningTest);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(new Leak(ownerIn(records), resourceType + " leaked:" + records));
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(new Leak("an unknown test", resourceType + " leaked (untraced)"));
    super.reportUntracedLeak(resourceType);
  }

  private static String ownerIn(String records) {
    String marker = "allocated during ";
    int at = records.lastIndexOf(marker); // the creation record comes last
    if (at < 0) {
      return "an unknown test";
    }
    int end = records.indexOf('\n', at);
    return records.substring(at + marker.length(), end < 0 ? records.length() : end).strip();
  }
}
