package org.subnetp2p.kademlia;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.kademlia.lookup.Lookup;
import org.subnetp2p.kademlia.store.ProviderStore;
import org.subnetp2p.kademlia.store.ValueStore;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.pb.Message;
import org.subnetp2p.kademlia.wire.pb.Record;

/**
 * Records and provider records, ours and the network's: stores them at the peers closest to their
 * key and finds them there. Blocking: call on a virtual thread.
 */
final class Content {
  private static final Logger LOG = LoggerFactory.getLogger(Content.class);

  private final Host host;
  private final Lookups lookups;
  private final ValueStore values;
  private final ProviderStore providers;
  private final NamespacedValidator validator;
  private final Map<ByteString, Instant> provided = new ConcurrentHashMap<>();

  Content(
      Host host,
      Lookups lookups,
      ValueStore values,
      ProviderStore providers,
      NamespacedValidator validator) {
    this.host = host;
    this.lookups = lookups;
    this.values = values;
    this.providers = providers;
    this.validator = validator;
  }

  /** Stores a valid {@code value} here and at the peers closest to {@code key}; how many did. */
  int put(byte[] key, byte[] value) throws InvalidRecordException, InterruptedException {
    validator.validate(key, value);
    values.put(key, value);
    Record record =
        Record.newBuilder()
            .setKey(ByteString.copyFrom(key))
            .setValue(ByteString.copyFrom(value))
            .build();
    Message request =
        Message.newBuilder()
            .setType(Message.MessageType.PUT_VALUE)
            .setKey(record.getKey())
            .setRecord(record)
            .build();
    return toEach(
        lookups.closest(key),
        peer -> {
          Message answer = lookups.client().request(peer, request);
          return answer.hasRecord()
              && answer.getRecord().getKey().equals(record.getKey())
              && answer.getRecord().getValue().equals(record.getValue());
        });
  }

  /** Ours, else the best valid value the peers closest to {@code key} return. */
  Optional<byte[]> get(byte[] key) throws InvalidRecordException, InterruptedException {
    Optional<ValueStore.Stored> local = values.get(key);
    if (local.isPresent()) {
      return Optional.of(local.get().value());
    }
    List<byte[]> found = new CopyOnWriteArrayList<>();
    Message request = Lookups.keyed(Message.MessageType.GET_VALUE, key);
    lookups.run(
        key,
        peer -> {
          Message answer = lookups.client().request(peer, request);
          List<PeerEntry> closer = lookups.closer(peer, answer);
          if (answer.hasRecord()) {
            Record r = answer.getRecord();
            byte[] value = r.getValue().toByteArray();
            if (Arrays.equals(r.getKey().toByteArray(), key) && valid(key, value)) {
              found.add(value);
            }
          }
          return new Lookup.Answer(closer, !found.isEmpty());
        },
        p -> {});
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(found.get(validator.select(key, List.copyOf(found))));
  }

  private boolean valid(byte[] key, byte[] value) {
    try {
      validator.validate(key, value);
      return true;
    } catch (InvalidRecordException e) {
      return false;
    }
  }

  /** Announces us as a provider of {@code key}, now and at every republish; how many were told. */
  int provide(byte[] key) throws InterruptedException {
    provided.put(ByteString.copyFrom(key), Instant.now());
    return announce(key);
  }

  /** Announces every key we provide again. */
  void republish() throws InterruptedException {
    for (ByteString key : List.copyOf(provided.keySet())) {
      announce(key.toByteArray());
    }
  }

  private int announce(byte[] key) throws InterruptedException {
    providers.add(key, host.peerId(), host.listenAddresses());
    Message request =
        Message.newBuilder()
            .setType(Message.MessageType.ADD_PROVIDER)
            .setKey(ByteString.copyFrom(key))
            .addProviderPeers(lookups.directory().entry(host.peerId()))
            .build();
    return toEach(
        lookups.closest(key),
        peer -> {
          lookups.client().send(peer, request);
          return true;
        });
  }

  /** Up to {@code count} providers of {@code key}: those we hold, then the network's. */
  List<ProviderInfo> providers(byte[] key, int count) throws InterruptedException {
    Map<PeerId, ProviderInfo> found = new LinkedHashMap<>();
    for (ProviderStore.Provider p : providers.get(key)) {
      found.put(p.peer(), new ProviderInfo(p.peer(), p.addresses()));
    }
    if (found.size() >= count) {
      return found.values().stream().limit(count).toList();
    }
    Message request = Lookups.keyed(Message.MessageType.GET_PROVIDERS, key);
    lookups.run(
        key,
        peer -> {
          Message answer = lookups.client().request(peer, request);
          List<PeerEntry> closer = lookups.closer(peer, answer);
          synchronized (found) {
            for (PeerEntry e : lookups.directory().read(answer.getProviderPeersList())) {
              found.putIfAbsent(e.peer(), new ProviderInfo(e.peer(), e.addresses()));
            }
            return new Lookup.Answer(closer, found.size() >= count);
          }
        },
        p -> {});
    synchronized (found) {
      return found.values().stream().limit(count).toList();
    }
  }

  /** Drops expired records and provider records. */
  void expire() {
    values.removeExpired();
    providers.removeExpired();
  }

  /** A request to one peer that reports success; failures count as false. */
  @FunctionalInterface
  private interface PeerTask {
    boolean run(PeerId peer) throws IOException;
  }

  /** Runs {@code task} for each of {@code peers} concurrently; how many succeeded. */
  private static int toEach(List<PeerId> peers, PeerTask task) throws InterruptedException {
    AtomicInteger ok = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (PeerId p : peers) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      if (task.run(p)) {
                        ok.incrementAndGet();
                      }
                    } catch (IOException | RuntimeException e) {
                      LOG.debug("kad request to {} failed: {}", p, e.toString());
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join(); // each request is bounded by the request timeout
    }
    return ok.get();
  }
}
