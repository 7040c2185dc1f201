package org.subnetp2p.core.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.PeerNotFoundException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Finds and connects to a peer by its id alone. Every {@link Host} implementation delegates {@link
 * Host#connect(PeerId)} to one, so that all hosts resolve alike:
 *
 * <ol>
 *   <li>an open connection to the peer is reused;
 *   <li>else the addresses in the host's address book are dialled in turn;
 *   <li>else, or when none of them answers, the discoveries attached to the host are asked in order
 *       of {@link MultiaddrDiscovery#cost()}, cheapest first; the addresses of the first one that
 *       knows the peer are recorded in the address book (with that discovery as their {@linkplain
 *       AddressBook.Source source}) and dialled in turn; when none answers, the next discovery is
 *       asked.
 * </ol>
 *
 * A peer that no source knows fails with {@link PeerNotFoundException}, naming the sources asked; a
 * peer whose addresses all fail to dial fails with a {@link DialException} listing each address and
 * why. Concurrent resolutions of one peer share one attempt. Nothing here blocks: each step
 * continues on whichever thread completed the previous one.
 */
public final class PeerResolver {
  /** How long addresses from a discovery stay in the address book. */
  public static final Duration ADDRESS_TTL = Duration.ofHours(1);

  /** The default limit for one discovery's answer; each should keep its own shorter deadline. */
  public static final Duration DEFAULT_FIND_TIMEOUT = Duration.ofSeconds(60);

  private static final String ADDRESS_BOOK = "address book";

  private final Host host;
  private final List<MultiaddrDiscovery> discoveries = new ArrayList<>();
  private final Map<PeerId, CompletableFuture<Connection>> inFlight = new ConcurrentHashMap<>();
  private volatile Duration findTimeout = DEFAULT_FIND_TIMEOUT;

  /** A resolver for {@code host}, without discoveries yet. */
  public PeerResolver(Host host) {
    this.host = Objects.requireNonNull(host, "host");
  }

  /** Asks {@code discovery} too, in order of its cost; among equal costs, in the order added. */
  public void add(MultiaddrDiscovery discovery) {
    Objects.requireNonNull(discovery, "discovery");
    synchronized (discoveries) {
      if (!discoveries.contains(discovery)) {
        discoveries.add(discovery);
        discoveries.sort(Comparator.comparingInt(MultiaddrDiscovery::cost));
      }
    }
  }

  /** Stops asking {@code discovery}. */
  public void remove(MultiaddrDiscovery discovery) {
    synchronized (discoveries) {
      discoveries.remove(discovery);
    }
  }

  /** The discoveries asked, cheapest first. */
  public List<MultiaddrDiscovery> discoveries() {
    synchronized (discoveries) {
      return List.copyOf(discoveries);
    }
  }

  /** Limits how long one discovery may take to answer (default 60 s). */
  public void setFindTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("find timeout must be positive");
    }
    this.findTimeout = timeout;
  }

  /**
   * Connects to {@code peer}: reuses an open connection, else dials what the address book knows,
   * else what the discoveries find (see the class documentation).
   */
  public CompletableFuture<Connection> connect(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    if (peer.equals(host.peerId())) {
      return CompletableFuture.failedFuture(new DialException("cannot dial ourselves: " + peer));
    }
    Optional<Connection> open = host.connection(peer);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    CompletableFuture<Connection> fresh = new CompletableFuture<>();
    CompletableFuture<Connection> shared =
        inFlight.compute(peer, (p, running) -> running != null ? running : fresh);
    if (shared == fresh) {
      fresh.whenComplete((c, e) -> inFlight.remove(peer, fresh));
      new Attempt(peer, fresh).start();
    }
    return shared;
  }

  /**
   * The addresses of {@code peer} with their sources, without dialling: the address book's entries
   * if it has any, else those of the first discovery that knows the peer (recorded in the address
   * book as they are returned). Fails with {@link PeerNotFoundException} when nobody knows it.
   */
  public CompletableFuture<List<AddressBook.Entry>> find(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    List<AddressBook.Entry> known = host.addressBook().entries(peer);
    if (!known.isEmpty()) {
      return CompletableFuture.completedFuture(known);
    }
    List<String> asked = new ArrayList<>(List.of(ADDRESS_BOOK));
    return findFrom(peer, discoveries(), 0, asked);
  }

  private CompletableFuture<List<AddressBook.Entry>> findFrom(
      PeerId peer, List<MultiaddrDiscovery> order, int index, List<String> asked) {
    if (index == order.size()) {
      return CompletableFuture.failedFuture(new PeerNotFoundException(peer, asked));
    }
    MultiaddrDiscovery discovery = order.get(index);
    asked.add(discovery.name());
    return ask(discovery, peer)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return findFrom(peer, order, index + 1, asked);
              }
              record(peer, discovery, found);
              Set<Multiaddr> bare = new LinkedHashSet<>();
              found.forEach(a -> bare.add(a.withoutPeerId()));
              return CompletableFuture.completedFuture(
                  host.addressBook().entries(peer).stream()
                      .filter(e -> bare.contains(e.address()))
                      .toList());
            });
  }

  /**
   * What {@code discovery} says about {@code peer}: its addresses with the peer's {@code /p2p/} id,
   * those naming another peer dropped; empty if it failed or overran the find timeout.
   */
  private CompletableFuture<List<Multiaddr>> ask(MultiaddrDiscovery discovery, PeerId peer) {
    CompletableFuture<List<Multiaddr>> answer;
    try {
      answer = discovery.find(peer);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer
        .orTimeout(findTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (addresses, error) -> {
              if (error != null || addresses == null) {
                return List.<Multiaddr>of();
              }
              List<Multiaddr> usable = new ArrayList<>();
              for (Multiaddr a : addresses) {
                Optional<PeerId> named = a.peerId();
                if (named.isEmpty() || named.get().equals(peer)) {
                  usable.add(a.withPeerId(peer));
                }
              }
              return usable;
            });
  }

  private void record(PeerId peer, MultiaddrDiscovery discovery, List<Multiaddr> addresses) {
    host.addressBook()
        .add(peer, addresses, AddressBook.Source.forDiscovery(discovery.name()), ADDRESS_TTL);
  }

  /** One resolution of one peer: the address book, then each discovery, dialling as it goes. */
  private final class Attempt {
    private final PeerId peer;
    private final CompletableFuture<Connection> result;
    private final List<MultiaddrDiscovery> order = discoveries();
    private final Set<Multiaddr> dialled = new LinkedHashSet<>();
    private final List<String> asked = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Attempt(PeerId peer, CompletableFuture<Connection> result) {
      this.peer = peer;
      this.result = result;
    }

    void start() {
      asked.add(ADDRESS_BOOK);
      dialEach(host.addressBook().addresses(peer), 0)
          .thenAccept(ok -> next(ok, 0))
          .exceptionally(this::fail);
    }

    /** After a step: done when connected, else the discovery at {@code index}. */
    private void next(boolean connected, int index) {
      if (connected) {
        return;
      }
      if (index == order.size()) {
        result.completeExceptionally(
            dialled.isEmpty()
                ? new PeerNotFoundException(peer, asked)
                : new DialException("cannot dial " + peer + ": " + String.join("; ", failures)));
        return;
      }
      MultiaddrDiscovery discovery = order.get(index);
      asked.add(discovery.name());
      ask(discovery, peer)
          .thenCompose(
              found -> {
                if (!found.isEmpty()) {
                  record(peer, discovery, found);
                }
                return dialEach(found, 0);
              })
          .thenAccept(ok -> next(ok, index + 1))
          .exceptionally(this::fail);
    }

    /** A bug in a step must still end the resolution. */
    private Void fail(Throwable error) {
      result.completeExceptionally(error);
      return null;
    }

    /**
     * Dials {@code addresses} from {@code index} on, one at a time, skipping those already tried;
     * completes with whether one connected (and then completes the result).
     */
    private CompletableFuture<Boolean> dialEach(List<Multiaddr> addresses, int index) {
      if (index == addresses.size()) {
        return CompletableFuture.completedFuture(false);
      }
      Multiaddr address = addresses.get(index).withoutPeerId();
      if (!dialled.add(address)) {
        return dialEach(addresses, index + 1);
      }
      CompletableFuture<Connection> dial;
      try {
        dial = host.connect(address.withPeerId(peer));
      } catch (RuntimeException e) {
        dial = CompletableFuture.failedFuture(e);
      }
      return dial.handle(
              (connection, error) -> {
                if (error == null) {
                  result.complete(connection);
                  return CompletableFuture.completedFuture(true);
                }
                failures.add(address + ": " + describe(error));
                return dialEach(addresses, index + 1);
              })
          .thenCompose(f -> f);
    }
  }

  private static String describe(Throwable error) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (t instanceof TimeoutException) {
      return "timed out";
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
