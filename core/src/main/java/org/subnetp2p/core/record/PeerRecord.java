package org.subnetp2p.core.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.subnetp2p.core.identity.InvalidPeerIdException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.multiaddr.MultiaddrException;

/**
 * A peer's own statement of its addresses (libp2p RFC 0003): {@code PeerRecord{peer_id = 1, seq =
 * 2, addresses = 3 {multiaddr = 1}}}, signed in a {@link SignedEnvelope} with domain {@value
 * #DOMAIN} and payload type {@code 0x03 0x01}, as go, js and py-libp2p do. A newer record has a
 * higher {@code seq}.
 *
 * @param peerId the peer the record is about, which must be the signer
 * @param seq orders the records of one peer; higher is newer
 * @param addresses where the peer can be reached, without {@code /p2p/}
 */
public record PeerRecord(PeerId peerId, long seq, List<Multiaddr> addresses) {
  /** The envelope domain of peer records. */
  public static final String DOMAIN = "libp2p-peer-record";

  /** The most addresses read from a record; the rest are ignored. */
  public static final int MAX_ADDRESSES = 64;

  private static final byte[] PAYLOAD_TYPE = {0x03, 0x01};
  private static final AtomicLong LAST_SEQ = new AtomicLong();

  /** Validates the record. */
  public PeerRecord {
    Objects.requireNonNull(peerId, "peerId");
    addresses = List.copyOf(addresses);
  }

  /**
   * A record of {@code addresses} for {@code peerId} with a fresh sequence number: the current time
   * in nanoseconds, strictly increasing within this JVM.
   */
  public static PeerRecord of(PeerId peerId, List<Multiaddr> addresses) {
    long now = System.currentTimeMillis() * 1_000_000L;
    long seq = LAST_SEQ.updateAndGet(last -> Math.max(last + 1, now));
    return new PeerRecord(
        peerId, seq, addresses.stream().map(Multiaddr::withoutPeerId).distinct().toList());
  }

  /** The payload type of peer records in an envelope: the multicodec {@code 0x0301}. */
  public static byte[] payloadType() {
    return PAYLOAD_TYPE.clone();
  }

  /** Signs this record with {@code key}, which must be {@link #peerId()}'s. */
  public SignedEnvelope seal(PrivateKey key) {
    if (!PeerId.fromPublicKey(key.publicKey()).equals(peerId)) {
      throw new IllegalArgumentException("a peer record is signed by its own peer's key");
    }
    return SignedEnvelope.seal(key, DOMAIN, PAYLOAD_TYPE, toBytes());
  }

  /**
   * Reads a signed peer record: verifies the envelope, then checks that it names its signer.
   * Addresses that do not parse are skipped, as other implementations do.
   *
   * @throws InvalidRecordException if the envelope or record is malformed, badly signed, or the
   *     record names another peer than the one who signed it
   */
  public static PeerRecord fromEnvelope(byte[] envelopeBytes) throws InvalidRecordException {
    SignedEnvelope envelope = SignedEnvelope.open(envelopeBytes, DOMAIN, PAYLOAD_TYPE);
    PeerRecord record = fromBytes(envelope.payload());
    if (!record.peerId().equals(envelope.signer())) {
      throw new InvalidRecordException(
          "peer record names " + record.peerId() + " but is signed by " + envelope.signer());
    }
    return record;
  }

  /** Parses the record's protobuf bytes (without checking any signature). */
  static PeerRecord fromBytes(byte[] bytes) throws InvalidRecordException {
    PeerId peer = null;
    long seq = 0;
    List<Multiaddr> addresses = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          peer = PeerId.fromBytes(in.readByteArray());
        } else if (tag == ((2 << 3) | WireFormat.WIRETYPE_VARINT)) {
          seq = in.readUInt64();
        } else if (tag == ((3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          byte[] info = in.readByteArray();
          if (addresses.size() < MAX_ADDRESSES) {
            readAddress(info).ifPresent(addresses::add);
          }
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException e) {
      throw new InvalidRecordException("peer record is not valid protobuf", e);
    } catch (InvalidPeerIdException e) {
      throw new InvalidRecordException("peer record holds an invalid peer id", e);
    }
    if (peer == null) {
      throw new InvalidRecordException("peer record lacks its peer id");
    }
    return new PeerRecord(peer, seq, addresses);
  }

  private static Optional<Multiaddr> readAddress(byte[] addressInfo) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(addressInfo);
    Optional<Multiaddr> address = Optional.empty();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        byte[] raw = in.readByteArray();
        try {
          address = Optional.of(Multiaddr.fromBytes(raw).withoutPeerId());
        } catch (MultiaddrException e) {
          address = Optional.empty();
        }
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return address;
  }

  /** The record's protobuf bytes, the payload of its envelope. */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + 32 * addresses.size());
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      out.writeBytes(1, ByteString.copyFrom(peerId.toBytes()));
      out.writeUInt64(2, seq);
      for (Multiaddr a : addresses) {
        ByteArrayOutputStream infoBuffer = new ByteArrayOutputStream();
        CodedOutputStream info = CodedOutputStream.newInstance(infoBuffer);
        info.writeBytes(1, ByteString.copyFrom(a.toBytes()));
        info.flush();
        out.writeBytes(3, ByteString.copyFrom(infoBuffer.toByteArray()));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return buffer.toByteArray();
  }
}
