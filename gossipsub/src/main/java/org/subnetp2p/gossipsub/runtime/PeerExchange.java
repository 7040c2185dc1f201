package org.subnetp2p.gossipsub.runtime;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.core.record.PeerRecord;

/**
 * Dials peers learned through peer exchange (PRUNE with PX), at most a few at once. A signed peer
 * record's addresses go to the address book only if the record verifies and names that peer.
 */
public final class PeerExchange {
  private static final Logger LOG = LoggerFactory.getLogger(PeerExchange.class);
  private static final Duration ADDRESS_TTL = Duration.ofMinutes(10);
  private static final int MAX_DIALS = 16;

  private final Host host;
  private final Semaphore dials = new Semaphore(MAX_DIALS);

  /** Peer exchange for {@code host}. */
  public PeerExchange(Host host) {
    this.host = host;
  }

  /** Connects to {@code peer} in the background; {@code record} may be empty. Never blocks. */
  public void connect(PeerId peer, ByteString record) {
    if (peer.equals(host.peerId()) || host.connection(peer).isPresent() || !dials.tryAcquire()) {
      return;
    }
    Thread.ofVirtual()
        .name("gossipsub-px " + peer)
        .start(
            () -> {
              try {
                if (!record.isEmpty()) {
                  PeerRecord r = PeerRecord.fromEnvelope(record.toByteArray());
                  if (!r.peerId().equals(peer)) {
                    return;
                  }
                  host.addressBook()
                      .add(peer, r.addresses(), AddressBook.Source.DISCOVERY, ADDRESS_TTL);
                }
                if (host.addressBook().addresses(peer).isEmpty()) {
                  return;
                }
                host.connect(peer).get(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InvalidRecordException e) {
                LOG.debug("ignored a peer exchange record for {}: {}", peer, e.getMessage());
              } catch (Exception e) {
                LOG.debug("dialling {} from peer exchange failed: {}", peer, e.toString());
              } finally {
                dials.release();
              }
            });
  }
}
