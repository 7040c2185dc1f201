package org.subnetp2p.kademlia.lookup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.kademlia.LookupProgress;
import org.subnetp2p.kademlia.routing.Key;
import org.subnetp2p.kademlia.wire.PeerEntry;

/**
 * One iterative Kademlia lookup of a key, as the spec describes it: starting from the peers of our
 * routing table closest to the key, ask up to {@code alpha} peers at a time for the peers they know
 * closer to it, always the closest not yet asked, until the {@code k} closest peers seen have all
 * answered (peers that fail drop out), or the query says it has what it wanted, or the deadline
 * passes.
 *
 * <p>With {@code paths} above 1 the lookup runs disjoint paths (S/Kademlia): the seeds are dealt
 * out among the paths, each path asks only the peers it learned itself, a peer belongs to the first
 * path that saw it, and each path ends on its own. A lookup that a few bad peers can steer then
 * still reaches the key through the others.
 *
 * <p>Peers are never trusted to sort: every distance is computed here, from SHA-256 of the peer
 * ids. Each request runs on a virtual thread; {@link #run()} blocks its caller until the end.
 */
public final class Lookup {
  /** Asks one peer for the peers it knows closer to the key; runs on a virtual thread. */
  @FunctionalInterface
  public interface Query {
    /**
     * The answer of {@code peer}.
     *
     * @throws Exception if the peer could not be asked or gave no usable answer
     */
    Answer ask(PeerId peer) throws Exception;
  }

  /**
   * What one peer said.
   *
   * @param closer the peers it named
   * @param done whether the lookup has what it wanted and stops
   */
  public record Answer(List<PeerEntry> closer, boolean done) {}

  /** Hears how each asked peer fared. */
  public interface Listener {
    /** {@code peer} answered. */
    default void answered(PeerId peer) {}

    /** {@code peer} failed: no connection, no answer in time, or a bad one. */
    default void failed(PeerId peer, Throwable error) {}
  }

  /**
   * How the lookup ended.
   *
   * @param closest the answering peers closest to the key, closest first, at most k
   * @param rounds the hop whose answer stopped the lookup, or else the deepest hop that answered
   * @param queried requests sent
   * @param answered peers that answered
   * @param failed peers that failed
   * @param stopped whether the query stopped it
   * @param timedOut whether the deadline stopped it
   * @param elapsed how long it ran
   */
  public record Outcome(
      List<PeerId> closest,
      int rounds,
      int queried,
      int answered,
      int failed,
      boolean stopped,
      boolean timedOut,
      Duration elapsed) {}

  private enum State {
    WAITING,
    ASKED,
    ANSWERED,
    FAILED
  }

  private static final class Candidate {
    final PeerId peer;
    final Key key;
    final int depth;
    final Path path;
    State state = State.WAITING;

    Candidate(PeerId peer, Key key, int depth, Path path) {
      this.peer = peer;
      this.key = key;
      this.depth = depth;
      this.path = path;
    }
  }

  /** The candidates of one path, closest to the key first. */
  private final class Path {
    final List<Candidate> candidates = new ArrayList<>();
    int inFlight;

    void insert(Candidate c) {
      int i = 0;
      while (i < candidates.size() && distance.compare(candidates.get(i), c) <= 0) {
        i++;
      }
      candidates.add(i, c);
    }

    /** The closest candidate not yet asked among the k closest that have not failed. */
    Candidate next() {
      int considered = 0;
      for (Candidate c : candidates) {
        if (c.state == State.FAILED) {
          continue;
        }
        if (considered++ == k) {
          return null;
        }
        if (c.state == State.WAITING) {
          return c;
        }
      }
      return null;
    }
  }

  private record Reply(Candidate candidate, Answer answer, Throwable error) {}

  private final PeerId self;
  private final int k;
  private final int alpha;
  private final Duration timeout;
  private final Query query;
  private final Listener listener;
  private final Consumer<LookupProgress> progress;
  private final Comparator<Candidate> distance;
  private final List<Path> paths = new ArrayList<>();
  private final Map<PeerId, Candidate> known = new HashMap<>();
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private int queried;
  private int answered;
  private int failed;
  private int deepest;

  /**
   * A lookup of {@code target}, not yet run.
   *
   * @param seeds where to start, e.g. the k peers of the routing table closest to the target
   * @param paths disjoint paths, 1 for a plain lookup
   */
  public Lookup(
      PeerId self,
      Key target,
      List<PeerId> seeds,
      int k,
      int alpha,
      int paths,
      Duration timeout,
      Query query,
      Listener listener,
      Consumer<LookupProgress> progress) {
    this.self = self;
    this.k = k;
    this.alpha = alpha;
    this.timeout = timeout;
    this.query = query;
    this.listener = listener;
    this.progress = progress;
    Comparator<Key> byDistance = target.byDistance();
    this.distance = (a, b) -> byDistance.compare(a.key, b.key);
    for (int i = 0; i < paths; i++) {
      this.paths.add(new Path());
    }
    List<Candidate> sorted = new ArrayList<>();
    for (PeerId p : seeds) {
      if (!p.equals(self) && !known.containsKey(p)) {
        Candidate c = new Candidate(p, Key.of(p), 1, null);
        known.put(p, c);
        sorted.add(c);
      }
    }
    sorted.sort(distance);
    for (int i = 0; i < sorted.size(); i++) {
      Path path = this.paths.get(i % paths);
      Candidate c = sorted.get(i);
      Candidate placed = new Candidate(c.peer, c.key, 1, path);
      known.put(c.peer, placed);
      path.insert(placed);
    }
  }

  /** Runs the lookup to its end; blocks. */
  public Outcome run() throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean stopped = false;
    boolean timedOut = false;
    int stopDepth = 0;
    while (true) {
      int inFlight = 0;
      for (Path path : paths) {
        Candidate next;
        while (path.inFlight < alpha && (next = path.next()) != null) {
          ask(next);
        }
        inFlight += path.inFlight;
      }
      if (inFlight == 0) {
        break; // every path has its k closest answered, or ran out of peers
      }
      long left = deadline - System.nanoTime();
      Reply reply = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
      if (reply == null) {
        timedOut = true;
        break;
      }
      if (take(reply)) {
        stopped = true;
        stopDepth = reply.candidate.depth;
        break;
      }
      report(start);
    }
    report(start);
    List<PeerId> closest =
        known.values().stream()
            .filter(c -> c.state == State.ANSWERED)
            .sorted(distance)
            .limit(k)
            .map(c -> c.peer)
            .toList();
    return new Outcome(
        closest,
        stopped ? stopDepth : deepest,
        queried,
        answered,
        failed,
        stopped,
        timedOut,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void ask(Candidate c) {
    c.state = State.ASKED;
    c.path.inFlight++;
    queried++;
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                replies.add(new Reply(c, query.ask(c.peer), null));
              } catch (Throwable e) {
                replies.add(new Reply(c, null, e));
              }
            });
  }

  /** Files a reply; true if the query said the lookup is done. */
  private boolean take(Reply reply) {
    Candidate c = reply.candidate;
    c.path.inFlight--;
    if (reply.error != null) {
      c.state = State.FAILED;
      failed++;
      listener.failed(c.peer, reply.error);
      return false;
    }
    c.state = State.ANSWERED;
    answered++;
    deepest = Math.max(deepest, c.depth);
    listener.answered(c.peer);
    for (PeerEntry e : reply.answer.closer()) {
      PeerId p = e.peer();
      if (p.equals(self) || known.containsKey(p)) {
        continue; // a peer belongs to the first path that saw it
      }
      Candidate fresh = new Candidate(p, Key.of(p), c.depth + 1, c.path);
      known.put(p, fresh);
      c.path.insert(fresh);
    }
    return reply.answer.done();
  }

  private void report(long start) {
    int inFlight = paths.stream().mapToInt(p -> p.inFlight).sum();
    progress.accept(
        new LookupProgress(
            queried,
            answered,
            failed,
            inFlight,
            deepest,
            Duration.ofNanos(System.nanoTime() - start)));
  }
}
