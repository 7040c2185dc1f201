package org.subnetp2p.discovery.gossip.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated DAG nodes this peer holds, to answer the sync protocol, bounded by a node count and
 * a byte budget: past either, the oldest nodes (by {@code created_at_ms}) go first, and a node
 * older than all held ones is not taken when the store is full.
 *
 * <p>Like subnet-template's storage it tracks orphans: nodes stored before some parent, with the
 * parents they wait for. Evicting a node does not make its children orphans again, so nothing is
 * fetched twice because of the bound.
 *
 * <p>Its {@link #summary} advertises only what it can serve whole: a node is <em>rooted</em> when
 * every ancestor is held; the advertised heads are the rooted nodes no rooted node names as parent,
 * created within the given window, and the count is that of their ancestry. A subnet-template node
 * syncing from this one can therefore always complete: it never learns of a node from us whose
 * parents we cannot give it.
 *
 * <p>Thread-safe; every method holds the lock briefly and never waits.
 */
public final class DagStore {
  /** What {@link #add} did. */
  public enum Status {
    /** Stored. */
    ADDED,
    /** Already held. */
    DUPLICATE,
    /** Not stored: the store is full and the node is older than everything held. */
    TOO_OLD
  }

  /**
   * The outcome of {@link #add}.
   *
   * @param status what happened
   * @param missingParents for a stored node, the parents not held (it is an orphan if any)
   */
  public record Added(Status status, List<String> missingParents) {}

  /**
   * What the inventory answer advertises.
   *
   * @param headIds the advertised heads, sorted
   * @param nodeCount the number of nodes in their ancestry, heads included
   * @param orphanCount the number of orphans held
   */
  public record Summary(List<String> headIds, int nodeCount, int orphanCount) {}

  private record Held(DagNode node, int size) {}

  private record Age(long createdAtMs, String id) implements Comparable<Age> {
    @Override
    public int compareTo(Age o) {
      int c = Long.compare(createdAtMs, o.createdAtMs);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  private final int maxNodes;
  private final long maxBytes;
  private final Map<String, Held> nodes = new HashMap<>();
  private final NavigableSet<Age> byAge = new TreeSet<>();
  private final Map<String, Set<String>> orphans = new HashMap<>(); // orphan -> missing parents
  private final Map<String, Set<String>> waiting = new HashMap<>(); // missing parent -> orphans
  private long bytes;
  private long version;
  private Summary cached;
  private long cachedVersion = -1;
  private long cachedSecond;

  /**
   * A store holding at most {@code maxNodes} nodes and {@code maxBytes} of node content.
   *
   * @param maxBytes counted as each node's hashed content (unsigned header and payload) plus a
   *     fixed overhead per node
   */
  public DagStore(int maxNodes, long maxBytes) {
    if (maxNodes <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("store bounds must be positive");
    }
    this.maxNodes = maxNodes;
    this.maxBytes = maxBytes;
  }

  /** The bytes a node of {@code contentSize} hashed bytes is charged: content plus overhead. */
  public static int charge(int contentSize) {
    return contentSize * 2 + 512; // parsed objects take about twice the JSON, plus bookkeeping
  }

  /**
   * Stores a node that {@link DagNodes#verify} accepted.
   *
   * @param contentSize what {@link DagNodes#verify} returned
   */
  public synchronized Added add(DagNode node, int contentSize) {
    String id = node.id();
    if (nodes.containsKey(id)) {
      return new Added(Status.DUPLICATE, List.of());
    }
    int size = charge(contentSize);
    Age age = new Age(node.header().createdAtMs(), id);
    boolean full = nodes.size() >= maxNodes || bytes + size > maxBytes;
    if (full && (byAge.isEmpty() || age.compareTo(byAge.first()) < 0)) {
      return new Added(Status.TOO_OLD, List.of());
    }
    nodes.put(id, new Held(node, size));
    byAge.add(age);
    bytes += size;
    version++;
    List<String> missing = new ArrayList<>();
    for (String parent : node.header().parentIds()) {
      if (!nodes.containsKey(parent)) {
        missing.add(parent);
      }
    }
    if (!missing.isEmpty()) {
      orphans.put(id, new HashSet<>(missing));
      for (String parent : missing) {
        waiting.computeIfAbsent(parent, k -> new HashSet<>()).add(id);
      }
    }
    forget(id);
    evict();
    return new Added(Status.ADDED, List.copyOf(missing));
  }

  /** Whether the node is held. */
  public synchronized boolean contains(String id) {
    return nodes.containsKey(id);
  }

  /** The node, if held. */
  public synchronized Optional<DagNode> get(String id) {
    Held held = nodes.get(id);
    return held == null ? Optional.empty() : Optional.of(held.node());
  }

  /** The number of nodes held. */
  public synchronized int size() {
    return nodes.size();
  }

  /** The bytes charged for the nodes held. */
  public synchronized long bytes() {
    return bytes;
  }

  /** The number of orphans held. */
  public synchronized int orphanCount() {
    return orphans.size();
  }

  /** Up to {@code limit} parents that orphans wait for, sorted. */
  public synchronized List<String> missingParents(int limit) {
    return waiting.keySet().stream().sorted().limit(limit).toList();
  }

  /**
   * Stops waiting for {@code parentId}: the orphans that wait only for it are orphans no more (they
   * stay held, and unrooted). Called when no peer could give it.
   */
  public synchronized void giveUp(String parentId) {
    forget(parentId);
  }

  private void forget(String parentId) {
    Set<String> children = waiting.remove(parentId);
    if (children == null) {
      return;
    }
    for (String child : children) {
      Set<String> missing = orphans.get(child);
      if (missing != null) {
        missing.remove(parentId);
        if (missing.isEmpty()) {
          orphans.remove(child);
        }
      }
    }
  }

  private void evict() {
    while ((nodes.size() > maxNodes || bytes > maxBytes) && !byAge.isEmpty()) {
      Age oldest = byAge.pollFirst();
      Held held = nodes.remove(oldest.id());
      bytes -= held.size();
      Set<String> missing = orphans.remove(oldest.id());
      if (missing != null) {
        for (String parent : missing) {
          Set<String> children = waiting.get(parent);
          if (children != null) {
            children.remove(oldest.id());
            if (children.isEmpty()) {
              waiting.remove(parent);
            }
          }
        }
      }
      version++;
    }
  }

  /**
   * Snapshots for a fetch request, in subnet-template's order: for each requested id in sorted
   * order, a depth-first walk that lists a node after its ancestors (up to {@code maxDepth}
   * generations above it), each node once. Stops early, dropping the rest, at {@code maxNodes}
   * nodes or {@code maxBytes} charged bytes.
   *
   * @return the nodes, in that order
   */
  public synchronized List<DagNode> forFetch(
      Collection<String> ids, long maxDepth, int maxNodes, long maxBytes) {
    List<DagNode> out = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    long budget = maxBytes;
    record Frame(Held held, long depth, int next) {}
    for (String start : new TreeSet<>(ids)) {
      Deque<Frame> stack = new ArrayDeque<>();
      Held first = nodes.get(start);
      if (first == null || !visited.add(start) || maxDepth < 0) {
        continue;
      }
      stack.push(new Frame(first, maxDepth, 0));
      while (!stack.isEmpty()) {
        Frame top = stack.pop();
        List<String> parents = top.held().node().header().parentIds();
        if (top.depth() > 0 && top.next() < parents.size()) {
          stack.push(new Frame(top.held(), top.depth(), top.next() + 1));
          String parentId = parents.get(top.next());
          Held parent = nodes.get(parentId);
          if (parent != null && visited.add(parentId)) {
            stack.push(new Frame(parent, top.depth() - 1, 0));
          }
          continue;
        }
        budget -= top.held().size();
        if (out.size() >= maxNodes || budget < 0) {
          return out;
        }
        out.add(top.held().node());
      }
    }
    return out;
  }

  /**
   * What to advertise in an inventory answer at {@code nowMs}: see the class comment.
   *
   * @param windowMs how old an advertised head may be
   */
  public synchronized Summary summary(long nowMs, long windowMs) {
    long second = Math.floorDiv(nowMs, 1000);
    if (cached != null && cachedVersion == version && cachedSecond == second) {
      return cached;
    }
    Map<String, Boolean> rooted = rooted();
    Set<String> named = new HashSet<>();
    rooted.forEach(
        (id, isRooted) -> {
          if (isRooted) {
            named.addAll(nodes.get(id).node().header().parentIds());
          }
        });
    List<String> heads = new ArrayList<>();
    rooted.forEach(
        (id, isRooted) -> {
          if (isRooted
              && !named.contains(id)
              && nodes.get(id).node().header().createdAtMs() >= nowMs - windowMs) {
            heads.add(id);
          }
        });
    heads.sort(null);
    Set<String> ancestry = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(heads);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (ancestry.add(id)) {
        todo.addAll(nodes.get(id).node().header().parentIds());
      }
    }
    cached = new Summary(List.copyOf(heads), ancestry.size(), orphans.size());
    cachedVersion = version;
    cachedSecond = second;
    return cached;
  }

  /** For every node held, whether all its ancestors are held too. */
  private Map<String, Boolean> rooted() {
    Map<String, Boolean> memo = new HashMap<>();
    Set<String> inProgress = new HashSet<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String start : nodes.keySet()) {
      stack.push(start);
      while (!stack.isEmpty()) {
        String id = stack.peek();
        if (memo.containsKey(id)) {
          stack.pop();
          continue;
        }
        boolean isRooted = true;
        List<String> pending = new ArrayList<>();
        for (String parent : nodes.get(id).node().header().parentIds()) {
          Boolean known = nodes.containsKey(parent) ? memo.get(parent) : Boolean.FALSE;
          if (Boolean.FALSE.equals(known) || (known == null && inProgress.contains(parent))) {
            isRooted = false; // a missing ancestor, or a cycle (impossible with honest hashes)
            break;
          }
          if (known == null) {
            pending.add(parent);
          }
        }
        if (!isRooted || pending.isEmpty()) {
          memo.put(id, isRooted);
          inProgress.remove(id);
          stack.pop();
        } else {
          inProgress.add(id);
          pending.forEach(stack::push);
        }
      }
    }
    return memo;
  }
}
