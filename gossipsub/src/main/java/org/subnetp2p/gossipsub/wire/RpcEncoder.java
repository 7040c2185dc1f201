package org.subnetp2p.gossipsub.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.subnetp2p.core.record.SignedEnvelope;
import org.subnetp2p.gossipsub.pb.ControlIDontWant;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.RPC;

/**
 * Encodes outbound RPCs, never larger than the maximum RPC size: what does not fit one frame is
 * split over several (uncapped frames are what broke jvm-libp2p's interop with go-libp2p, whose
 * limit is 1 MiB). Messages arrive here already encoded, so a message forwarded to many peers is
 * encoded once.
 */
public final class RpcEncoder {
  private static final int PUBLISH_TAG = (2 << 3) | 2;
  private static final int CONTROL_TAG = (3 << 3) | 2;
  private static final int SENDER_RECORD_FIELD = 4;

  /** Room for field tags and lengths around each piece. */
  private static final int PIECE_OVERHEAD = 12;

  private final int maxRpcSize;
  private final Supplier<Optional<SignedEnvelope>> records;
  private SignedEnvelope lastEnvelope;
  private ByteString senderRecord = ByteString.EMPTY;

  /**
   * An encoder for frames of at most {@code maxRpcSize} bytes, which attaches the signed peer
   * record that {@code records} supplies (the host's own) to every RPC, as py-libp2p does. The
   * host's record must be the one it sends everywhere: py-libp2p ignores an RPC whose record does
   * not verify, or is older than the newest it has seen from us.
   */
  public RpcEncoder(int maxRpcSize, Supplier<Optional<SignedEnvelope>> records) {
    this.maxRpcSize = maxRpcSize;
    this.records = records;
  }

  /** An encoder that attaches no sender record. */
  public RpcEncoder(int maxRpcSize) {
    this(maxRpcSize, Optional::empty);
  }

  /** Refreshes the sender record from the supplier, re-encoding it only when it changed. */
  private synchronized ByteString senderRecord() {
    SignedEnvelope current = records.get().orElse(null);
    if (current != lastEnvelope) {
      lastEnvelope = current;
      senderRecord = current == null ? ByteString.EMPTY : ByteString.copyFrom(current.toBytes());
    }
    return senderRecord;
  }

  private int budget() {
    return maxRpcSize - senderRecord().size() - PIECE_OVERHEAD;
  }

  /** One RPC announcing {@code topics} (subscribe or unsubscribe), split if needed. */
  public List<byte[]> subscriptions(Collection<String> topics, boolean subscribe) {
    List<byte[]> out = new ArrayList<>();
    RPC.Builder rpc = RPC.newBuilder();
    int size = 0;
    for (String topic : topics) {
      RPC.SubOpts sub = RPC.SubOpts.newBuilder().setSubscribe(subscribe).setTopicid(topic).build();
      int piece = sub.getSerializedSize() + PIECE_OVERHEAD;
      if (size + piece > budget() && rpc.getSubscriptionsCount() > 0) {
        out.add(finish(rpc.build().toByteArray()));
        rpc = RPC.newBuilder();
        size = 0;
      }
      rpc.addSubscriptions(sub);
      size += piece;
    }
    if (rpc.getSubscriptionsCount() > 0) {
      out.add(finish(rpc.build().toByteArray()));
    }
    return out;
  }

  /** RPCs carrying the already-encoded {@code messages}, as many per frame as fit. */
  public List<byte[]> messages(List<ByteString> messages) {
    List<byte[]> out = new ArrayList<>();
    List<ByteString> batch = new ArrayList<>();
    int size = 0;
    for (ByteString m : messages) {
      int piece = m.size() + PIECE_OVERHEAD;
      if (size + piece > budget() && !batch.isEmpty()) {
        out.add(publishRpc(batch));
        batch.clear();
        size = 0;
      }
      batch.add(m);
      size += piece;
    }
    if (!batch.isEmpty()) {
      out.add(publishRpc(batch));
    }
    return out;
  }

  /** One RPC carrying one already-encoded message. */
  public byte[] message(ByteString message) {
    return publishRpc(List.of(message));
  }

  private byte[] publishRpc(List<ByteString> messages) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      for (ByteString m : messages) {
        out.writeUInt32NoTag(PUBLISH_TAG);
        out.writeBytesNoTag(m);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return finish(buffer.toByteArray());
  }

  /**
   * RPCs carrying {@code control}, split over frames when it is too large for one: whole GRAFTs and
   * PRUNEs, and IHAVE, IWANT and IDONTWANT id lists cut into pieces that fit.
   */
  public List<byte[]> control(ControlMessage control) {
    if (control.getSerializedSize() + PIECE_OVERHEAD <= budget()) {
      return List.of(controlRpc(control));
    }
    List<byte[]> out = new ArrayList<>();
    Packer packer = new Packer(out);
    control.getGraftList().forEach(g -> packer.add(g.getSerializedSize(), b -> b.addGraft(g)));
    control.getPruneList().forEach(p -> packer.add(p.getSerializedSize(), b -> b.addPrune(p)));
    for (ControlIHave ihave : control.getIhaveList()) {
      for (List<ByteString> ids : chunks(ihave.getMessageIDsList())) {
        ControlIHave piece = ihave.toBuilder().clearMessageIDs().addAllMessageIDs(ids).build();
        packer.add(piece.getSerializedSize(), b -> b.addIhave(piece));
      }
    }
    for (ControlIWant iwant : control.getIwantList()) {
      for (List<ByteString> ids : chunks(iwant.getMessageIDsList())) {
        ControlIWant piece = ControlIWant.newBuilder().addAllMessageIDs(ids).build();
        packer.add(piece.getSerializedSize(), b -> b.addIwant(piece));
      }
    }
    for (ControlIDontWant idw : control.getIdontwantList()) {
      for (List<ByteString> ids : chunks(idw.getMessageIDsList())) {
        ControlIDontWant piece = ControlIDontWant.newBuilder().addAllMessageIDs(ids).build();
        packer.add(piece.getSerializedSize(), b -> b.addIdontwant(piece));
      }
    }
    packer.flush();
    return out;
  }

  private List<List<ByteString>> chunks(List<ByteString> ids) {
    List<List<ByteString>> out = new ArrayList<>();
    List<ByteString> chunk = new ArrayList<>();
    int size = 0;
    int limit = budget() / 2;
    for (ByteString id : ids) {
      int piece = id.size() + 4;
      if (size + piece > limit && !chunk.isEmpty()) {
        out.add(chunk);
        chunk = new ArrayList<>();
        size = 0;
      }
      chunk.add(id);
      size += piece;
    }
    if (!chunk.isEmpty()) {
      out.add(chunk);
    }
    return out;
  }

  private final class Packer {
    private final List<byte[]> out;
    private ControlMessage.Builder current = ControlMessage.newBuilder();
    private int size;
    private boolean empty = true;

    Packer(List<byte[]> out) {
      this.out = out;
    }

    void add(int pieceSize, java.util.function.Consumer<ControlMessage.Builder> piece) {
      int cost = pieceSize + PIECE_OVERHEAD;
      if (!empty && size + cost > budget()) {
        flush();
      }
      piece.accept(current);
      size += cost;
      empty = false;
    }

    void flush() {
      if (!empty) {
        out.add(controlRpc(current.build()));
        current = ControlMessage.newBuilder();
        size = 0;
        empty = true;
      }
    }
  }

  private byte[] controlRpc(ControlMessage control) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(control.getSerializedSize() + 8);
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      out.writeUInt32NoTag(CONTROL_TAG);
      out.writeMessageNoTag(control);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return finish(buffer.toByteArray());
  }

  /** Appends the sender record, if any: protobuf fields may come in any order. */
  private byte[] finish(byte[] rpc) {
    ByteString record = senderRecord();
    if (record.isEmpty()) {
      return rpc;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(rpc.length + record.size() + 8);
    buffer.writeBytes(rpc);
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      out.writeBytes(SENDER_RECORD_FIELD, record);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
