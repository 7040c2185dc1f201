package org.subnetp2p.kademlia;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.kademlia.routing.Key;
import org.subnetp2p.kademlia.routing.RoutingTable;
import org.subnetp2p.kademlia.rpc.BadRequestException;
import org.subnetp2p.kademlia.rpc.KadServer;
import org.subnetp2p.kademlia.store.ProviderStore;
import org.subnetp2p.kademlia.store.ValueStore;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.pb.Message;
import org.subnetp2p.kademlia.wire.pb.Record;

/**
 * Answers the requests of other peers from the routing table and the stores. Every answer carries
 * our signed peer record. Requests it cannot serve (unknown type, missing or oversized key, a
 * record that does not validate or is filed under another key) are refused, which resets their
 * stream.
 */
final class Responder implements KadServer.Responder {
  private final PeerId self;
  private final KadConfig config;
  private final RoutingTable table;
  private final PeerDirectory directory;
  private final ValueStore values;
  private final ProviderStore providers;
  private final NamespacedValidator validator;

  Responder(
      PeerId self,
      KadConfig config,
      RoutingTable table,
      PeerDirectory directory,
      ValueStore values,
      ProviderStore providers,
      NamespacedValidator validator) {
    this.self = self;
    this.config = config;
    this.table = table;
    this.directory = directory;
    this.values = values;
    this.providers = providers;
    this.validator = validator;
  }

  @Override
  public Message respond(PeerId from, Message request) throws BadRequestException {
    directory.learnSender(from, request);
    Message.Builder answer =
        switch (request.getTypeValue()) {
          case Message.MessageType.FIND_NODE_VALUE -> findNode(from, key(request));
          case Message.MessageType.GET_VALUE_VALUE -> getValue(from, key(request));
          case Message.MessageType.PUT_VALUE_VALUE -> putValue(request);
          case Message.MessageType.GET_PROVIDERS_VALUE -> getProviders(from, key(request));
          case Message.MessageType.ADD_PROVIDER_VALUE -> addProvider(from, request);
          case Message.MessageType.PING_VALUE -> Message.newBuilder();
          default ->
              throw new BadRequestException("unknown message type " + request.getTypeValue());
        };
    answer.setType(request.getType());
    directory.ownRecord().ifPresent(answer::setSenderRecord);
    return answer.build();
  }

  private byte[] key(Message request) throws BadRequestException {
    ByteString key = request.getKey();
    if (key.isEmpty()) {
      throw new BadRequestException("request without a key");
    }
    if (key.size() > config.maxKeySize()) {
      throw new BadRequestException(
          "key of " + key.size() + " bytes exceeds " + config.maxKeySize());
    }
    return key.toByteArray();
  }

  /**
   * The peers of the routing table closest to {@code key}, never the requester. When the key is a
   * peer we know, that peer comes first: asked for ourselves we answer with ourselves, as go and js
   * do.
   */
  private List<Message.Peer> closer(PeerId from, byte[] key) {
    List<Message.Peer> out = new ArrayList<>();
    Optional<PeerId> target = asPeerId(key);
    if (target.isPresent()
        && !target.get().equals(from)
        && (target.get().equals(self) || !directory.dialable(target.get()).isEmpty())) {
      Message.Peer entry = directory.entry(target.get());
      if (entry.getAddrsCount() > 0 || entry.hasSignedRecord()) {
        out.add(entry);
      }
    }
    int limit = Math.min(config.k(), config.maxCloserPeers());
    for (PeerId p : table.closest(Key.of(key), limit + 1)) {
      if (out.size() == limit) {
        break;
      }
      if (!p.equals(from) && (target.isEmpty() || !p.equals(target.get()))) {
        out.add(directory.entry(p));
      }
    }
    return out;
  }

  private Optional<PeerId> asPeerId(byte[] key) {
    return directory.store().peerId(ByteString.copyFrom(key));
  }

  private Message.Builder findNode(PeerId from, byte[] key) {
    return Message.newBuilder()
        .setKey(ByteString.copyFrom(key))
        .addAllCloserPeers(closer(from, key));
  }

  private Message.Builder getValue(PeerId from, byte[] key) {
    Message.Builder answer =
        Message.newBuilder().setKey(ByteString.copyFrom(key)).addAllCloserPeers(closer(from, key));
    values
        .get(key)
        .ifPresent(
            stored ->
                answer.setRecord(
                    Record.newBuilder()
                        .setKey(ByteString.copyFrom(key))
                        .setValue(ByteString.copyFrom(stored.value()))
                        .setTimeReceived(stored.received().toString())));
    return answer;
  }

  private Message.Builder putValue(Message request) throws BadRequestException {
    if (!request.hasRecord()) {
      throw new BadRequestException("PUT_VALUE without a record");
    }
    Record record = request.getRecord();
    byte[] key = record.getKey().toByteArray();
    if (key.length == 0 || key.length > config.maxKeySize()) {
      throw new BadRequestException("PUT_VALUE with a missing or oversized key");
    }
    if (!request.getKey().isEmpty() && !request.getKey().equals(record.getKey())) {
      throw new BadRequestException("PUT_VALUE of a record filed under another key");
    }
    byte[] value = record.getValue().toByteArray();
    try {
      validator.validate(key, value);
      Optional<ValueStore.Stored> old = values.get(key);
      if (old.isEmpty() || validator.select(key, List.of(value, old.get().value())) == 0) {
        if (!values.put(key, value)) {
          throw new BadRequestException("record store full");
        }
      }
    } catch (InvalidRecordException e) {
      throw new BadRequestException("invalid record: " + e.getMessage());
    }
    return Message.newBuilder()
        .setKey(record.getKey())
        .setRecord(record.toBuilder().setTimeReceived(Instant.now().toString()));
  }

  private Message.Builder getProviders(PeerId from, byte[] key) {
    Message.Builder answer =
        Message.newBuilder().setKey(ByteString.copyFrom(key)).addAllCloserPeers(closer(from, key));
    int n = 0;
    for (ProviderStore.Provider p : providers.get(key)) {
      if (n++ == config.maxCloserPeers()) {
        break;
      }
      answer.addProviderPeers(
          PeerEntry.write(
              p.peer(),
              p.addresses(),
              directory.store().record(p.peer()).map(PeerEntry.SignedRecord::envelope),
              Message.ConnectionType.CAN_CONNECT));
    }
    return answer;
  }

  /** Files the requester as a provider of the key; entries naming anyone else are ignored. */
  private Message.Builder addProvider(PeerId from, Message request) throws BadRequestException {
    byte[] key = key(request);
    for (Message.Peer wire : request.getProviderPeersList()) {
      Optional<PeerEntry> entry =
          PeerEntry.read(wire, config.maxAddressesPerPeer(), directory.store());
      if (entry.isPresent() && entry.get().peer().equals(from)) {
        List<Multiaddr> addresses = entry.get().addresses();
        entry.get().signedRecord().ifPresent(r -> directory.store().learnRecord(from, r));
        if (!providers.add(key, from, addresses)) {
          throw new BadRequestException("provider store full");
        }
        break;
      }
    }
    return Message.newBuilder().setKey(ByteString.copyFrom(key));
  }
}
