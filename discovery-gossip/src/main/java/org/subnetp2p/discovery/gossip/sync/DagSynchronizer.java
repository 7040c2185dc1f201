package org.subnetp2p.discovery.gossip.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.peerstate.RecordIntake;
import org.subnetp2p.discovery.gossip.wire.FetchResponse;
import org.subnetp2p.discovery.gossip.wire.InventoryResponse;
import org.subnetp2p.discovery.gossip.wire.NodeSnapshot;

/**
 * Fetches what this node is missing, as subnet-template's coordinator and scheduler do, on one
 * virtual thread of its own:
 *
 * <ul>
 *   <li>when a peer connects: its inventory, then the heads it advertises that this node lacks, so
 *       a new node knows the subnet's recent records at once (at most once per peer per {@code
 *       inventoryEvery});
 *   <li>when a stored node waits for parents: those parents, from the peer that sent it first, then
 *       from the connected peers, walking back through parents of parents.
 * </ul>
 *
 * <p>Only nodes that were asked for are taken, each through {@link RecordIntake#onFetched}. One
 * pass takes at most {@code maxNodesPerPass} nodes. A parent that every peer asked answered without
 * is given up ({@link DagStore#giveUp}), so it is not asked for again and again; one that could not
 * be asked (no peer reachable) is kept for the next pass.
 */
public final class DagSynchronizer implements AutoCloseable {
  /** subnet-template's {@code max_fetch_batch}. */
  public static final int FETCH_BATCH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(DagSynchronizer.class);
  private static final int MAX_CANDIDATES = 8;
  private static final int MAX_TRACKED_PEERS = 1024;

  private final SyncClient client;
  private final DagStore store;
  private final RecordIntake intake;
  private final Counters counters;
  private final Supplier<Collection<PeerId>> connectedPeers;
  private final LongSupplier clock;
  private final long windowMs;
  private final long inventoryEveryMs;
  private final int maxNodesPerPass;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Set<PeerId> inventoryWanted = new LinkedHashSet<>();
  private final Set<PeerId> preferred = new LinkedHashSet<>();
  private final Map<PeerId, Long> lastInventory = new LinkedHashMap<>(16, 0.75f, true);
  private boolean missingWanted;
  private volatile boolean closed;
  private Thread worker;

  /**
   * @param connectedPeers the peers this node is connected to, the fallbacks for parents
   * @param windowMs the expiry window, for the summary sent with inventory requests
   * @param inventoryEvery the least time between two inventories of one peer
   * @param maxNodesPerPass the most nodes one pass takes
   */
  public DagSynchronizer(
      SyncClient client,
      DagStore store,
      RecordIntake intake,
      Counters counters,
      Supplier<Collection<PeerId>> connectedPeers,
      LongSupplier clock,
      long windowMs,
      Duration inventoryEvery,
      int maxNodesPerPass) {
    this.client = client;
    this.store = store;
    this.intake = intake;
    this.counters = counters;
    this.connectedPeers = connectedPeers;
    this.clock = clock;
    this.windowMs = windowMs;
    this.inventoryEveryMs = inventoryEvery.toMillis();
    this.maxNodesPerPass = maxNodesPerPass;
  }

  /** Starts the worker thread. */
  public void start() {
    lock.lock();
    try {
      if (worker == null && !closed) {
        worker = Thread.ofVirtual().name("gossip-dag-sync").start(this::run);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Asks for {@code peer}'s inventory soon, unless it was asked recently. Never blocks. */
  public void inventory(PeerId peer) {
    signal(
        () -> {
          if (inventoryWanted.size() < MAX_TRACKED_PEERS) {
            inventoryWanted.add(peer);
          }
        });
  }

  /** Fetches the parents stored nodes wait for soon, asking {@code from} first. Never blocks. */
  public void missing(PeerId from) {
    signal(
        () -> {
          missingWanted = true;
          if (from != null && preferred.size() < MAX_CANDIDATES) {
            preferred.add(from);
          }
        });
  }

  private void signal(Runnable change) {
    lock.lock();
    try {
      change.run();
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!closed) {
      List<PeerId> inventories;
      List<PeerId> first;
      boolean parents;
      lock.lock();
      try {
        while (!closed && inventoryWanted.isEmpty() && !missingWanted) {
          wake.await(1, TimeUnit.SECONDS);
        }
        inventories = new ArrayList<>(inventoryWanted);
        first = new ArrayList<>(preferred);
        parents = missingWanted;
        inventoryWanted.clear();
        preferred.clear();
        missingWanted = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      for (PeerId peer : inventories) {
        if (!closed && dueForInventory(peer)) {
          try {
            syncWith(peer);
          } catch (IOException | RecordException e) {
            counters.syncFailures.increment();
            LOG.debug("inventory sync with {} failed: {}", peer, e.getMessage());
          }
        }
      }
      if (parents && !closed) {
        fetchParents(first);
      }
    }
  }

  private boolean dueForInventory(PeerId peer) {
    long now = clock.getAsLong();
    lock.lock();
    try {
      Long last = lastInventory.get(peer);
      if (last != null && now - last < inventoryEveryMs) {
        return false;
      }
      lastInventory.put(peer, now);
      if (lastInventory.size() > MAX_TRACKED_PEERS) {
        var eldest = lastInventory.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks {@code peer} for its inventory and fetches the advertised heads this node lacks, with
   * their missing ancestors. Blocking.
   *
   * @return the number of nodes taken
   */
  public int syncWith(PeerId peer) throws IOException, RecordException {
    InventoryResponse inventory =
        client.inventory(peer, store.summary(clock.getAsLong(), windowMs));
    List<String> wanted = new ArrayList<>();
    for (String head : inventory.summary().headIds()) {
      if (!store.contains(head) && wanted.size() < maxNodesPerPass) {
        wanted.add(head);
      }
    }
    return fetchFrom(peer, wanted, new HashSet<>(), maxNodesPerPass);
  }

  /**
   * Fetches the parents that stored nodes wait for from {@code first}, then from the connected
   * peers, and gives up those that every peer that answered lacked. Blocking.
   *
   * @return the number of nodes taken
   */
  public int fetchParents(List<PeerId> first) {
    Set<PeerId> candidates = new LinkedHashSet<>(first);
    for (PeerId p : connectedPeers.get()) {
      if (candidates.size() >= MAX_CANDIDATES) {
        break;
      }
      candidates.add(p);
    }
    Set<String> lacked = new HashSet<>();
    Set<String> asked = new HashSet<>();
    int taken = 0;
    for (PeerId peer : candidates) {
      List<String> missing = store.missingParents(maxNodesPerPass);
      if (missing.isEmpty() || closed || taken >= maxNodesPerPass) {
        break;
      }
      try {
        Set<String> notGiven = new HashSet<>();
        taken += fetchFrom(peer, missing, notGiven, maxNodesPerPass - taken);
        asked.addAll(missing);
        lacked.addAll(notGiven);
      } catch (IOException | RecordException e) {
        counters.syncFailures.increment();
        LOG.debug("fetching parents from {} failed: {}", peer, e.getMessage());
      }
    }
    for (String id : store.missingParents(maxNodesPerPass)) {
      if (asked.contains(id) && lacked.contains(id)) {
        store.giveUp(id);
      }
    }
    return taken;
  }

  /**
   * Fetches {@code ids} from {@code peer} in batches, then the missing parents of what it took,
   * until nothing is missing or {@code budget} nodes were taken.
   *
   * @param notGiven collects the ids the peer did not give
   */
  private int fetchFrom(PeerId peer, List<String> ids, Set<String> notGiven, int budget)
      throws IOException, RecordException {
    Deque<String> queue = new ArrayDeque<>(new TreeSet<>(ids));
    Set<String> requested = new HashSet<>();
    int taken = 0;
    while (!queue.isEmpty() && taken < budget && !closed) {
      List<String> batch = new ArrayList<>();
      while (!queue.isEmpty() && batch.size() < FETCH_BATCH) {
        String id = queue.poll();
        if (requested.add(id) && !store.contains(id)) {
          batch.add(id);
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      FetchResponse response = client.fetch(peer, batch);
      Set<String> pending = new HashSet<>(batch);
      for (NodeSnapshot snapshot : response.nodes()) {
        String id = snapshot.header().nodeId();
        if (!pending.remove(id) || snapshot.node().isEmpty()) {
          continue; // only what was asked for, whole
        }
        RecordIntake.Result result = intake.onFetched(snapshot.node().get());
        if (result.outcome() == RecordIntake.Outcome.ACCEPTED) {
          taken++;
          counters.syncFetched.increment();
          for (String parent : result.missingParents()) {
            if (!requested.contains(parent)) {
              queue.add(parent);
            }
          }
        }
      }
      notGiven.addAll(pending);
    }
    return taken;
  }

  /** Stops the worker, waiting a bounded time for it. */
  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
      t = worker;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
