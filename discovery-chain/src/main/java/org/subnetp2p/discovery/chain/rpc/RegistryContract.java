package org.subnetp2p.discovery.chain.rpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.subnetp2p.discovery.chain.contract.SubnetPeerRegistry;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tuples.generated.Tuple4;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Reads one subnet of a {@code SubnetPeerRegistry} through the generated wrapper: its records at a
 * given block, and its events in a block range. Reads only: writing is {@link
 * org.subnetp2p.discovery.chain.Registrar}'s.
 */
public final class RegistryContract {
  private static final String REGISTERED = topic(SubnetPeerRegistry.PEERREGISTERED_EVENT);
  private static final String UPDATED = topic(SubnetPeerRegistry.PEERUPDATED_EVENT);
  private static final String REMOVED = topic(SubnetPeerRegistry.PEERREMOVED_EVENT);

  private final ChainRpc rpc;
  private final String address;
  private final BigInteger subnetId;
  private final String subnetTopic;

  /**
   * The registry at {@code address} (0x and 40 hex digits), subnet {@code subnetId}.
   *
   * @throws IllegalArgumentException if the address is malformed or the subnet id negative
   */
  public RegistryContract(ChainRpc rpc, String address, BigInteger subnetId) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.address = checkAddress(address);
    if (subnetId.signum() < 0 || subnetId.bitLength() > 256) {
      throw new IllegalArgumentException("subnet id must be a uint256, not " + subnetId);
    }
    this.subnetId = subnetId;
    this.subnetTopic = "0x" + TypeEncoder.encode(new Uint256(subnetId));
  }

  /** {@code address} in lower case, if it is 0x and 40 hex digits. */
  public static String checkAddress(String address) {
    if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "registry address must be 0x followed by 40 hex digits, not \""
              + Texts.bounded(address)
              + "\"");
    }
    return address.toLowerCase(Locale.ROOT);
  }

  /** The contract's address, lower case. */
  public String address() {
    return address;
  }

  /** The subnet read. */
  public BigInteger subnetId() {
    return subnetId;
  }

  private SubnetPeerRegistry at(DefaultBlockParameter block) {
    SubnetPeerRegistry registry =
        SubnetPeerRegistry.load(
            address,
            rpc.web3j(),
            new ReadonlyTransactionManager(rpc.web3j(), null),
            new DefaultGasProvider());
    registry.setDefaultBlockParameter(block);
    return registry;
  }

  private static DefaultBlockParameter block(long number) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
  }

  /** Whether the registry address holds a contract at {@code block}. */
  public boolean hasCode(long block) throws RpcException {
    String code = rpc.send("eth_getCode", rpc.web3j().ethGetCode(address, block(block))).getCode();
    return code != null && code.length() > 2;
  }

  /** How many records the subnet has at {@code block}. */
  public long peerCount(long block) throws RpcException {
    BigInteger n = call("peerCount", at(block(block)).peerCount(subnetId));
    if (n.signum() < 0 || n.bitLength() > 62) {
      throw new RpcException("peerCount answered a number out of range");
    }
    return n.longValueExact();
  }

  /** Up to {@code limit} records from position {@code offset}, at {@code block}. */
  public List<RawRecord> listPeers(long block, long offset, int limit) throws RpcException {
    Tuple2<List<String>, List<byte[]>> page =
        call(
            "listPeers",
            at(block(block))
                .listPeers(subnetId, BigInteger.valueOf(offset), BigInteger.valueOf(limit)));
    List<String> ids = page.component1();
    List<byte[]> addresses = page.component2();
    if (ids == null || addresses == null || ids.size() != addresses.size() || ids.size() > limit) {
      throw new RpcException("listPeers answered a malformed page");
    }
    List<RawRecord> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      out.add(new RawRecord(ids.get(i), addresses.get(i)));
    }
    return out;
  }

  /** The record of {@code peerId} in the newest block; null if none. */
  public RawRecord getPeer(String peerId) throws RpcException {
    Tuple4<Boolean, byte[], String, BigInteger> answer =
        call("getPeer", at(DefaultBlockParameter.valueOf("latest")).getPeer(subnetId, peerId));
    return Boolean.TRUE.equals(answer.component1())
        ? new RawRecord(peerId, answer.component2())
        : null;
  }

  /** The subnet's events in blocks {@code from} to {@code to}, both included, in chain order. */
  public List<RegistryChange> changes(long from, long to) throws RpcException {
    EthFilter filter = new EthFilter(block(from), block(to), address);
    filter.addOptionalTopics(REGISTERED, UPDATED, REMOVED);
    filter.addSingleTopic(subnetTopic);
    EthLog answer = rpc.send("eth_getLogs", rpc.web3j().ethGetLogs(filter));
    List<RegistryChange> out = new ArrayList<>();
    for (EthLog.LogResult<?> result : answer.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new RpcException("eth_getLogs answered something that is not a log");
      }
      out.add(decode(log, from, to));
    }
    out.sort(
        Comparator.comparingLong(RegistryChange::block)
            .thenComparingLong(RegistryChange::logIndex));
    return out;
  }

  private RegistryChange decode(Log log, long from, long to) throws RpcException {
    long block;
    long index;
    try {
      block = log.getBlockNumber().longValueExact();
      index = log.getLogIndex().longValueExact();
    } catch (RuntimeException e) {
      throw new RpcException("eth_getLogs answered a log without block number or index");
    }
    if (block < from || block > to || !address.equalsIgnoreCase(String.valueOf(log.getAddress()))) {
      throw new RpcException("eth_getLogs answered a log that the filter excludes");
    }
    List<String> topics = log.getTopics();
    String kind = topics == null || topics.isEmpty() ? "" : topics.get(0);
    try {
      if (REGISTERED.equalsIgnoreCase(kind)) {
        var e = SubnetPeerRegistry.getPeerRegisteredEventFromLog(log);
        return new RegistryChange.Registered(block, index, e.peerId, e.multiaddr);
      }
      if (UPDATED.equalsIgnoreCase(kind)) {
        var e = SubnetPeerRegistry.getPeerUpdatedEventFromLog(log);
        return new RegistryChange.Updated(block, index, e.peerId, e.multiaddr);
      }
      if (REMOVED.equalsIgnoreCase(kind)) {
        var e = SubnetPeerRegistry.getPeerRemovedEventFromLog(log);
        return new RegistryChange.Removed(block, index, e.peerId);
      }
    } catch (RuntimeException e) {
      // falls through: the data does not decode as the event its topic names
    }
    return new RegistryChange.Undecodable(block, index, "");
  }

  private static <T> T call(String method, RemoteFunctionCall<T> call) throws RpcException {
    try {
      T answer = call.send();
      if (answer == null) {
        throw new RpcException(method + " answered nothing");
      }
      return answer;
    } catch (RpcException e) {
      throw e;
    } catch (Exception e) {
      throw new RpcException(method + " failed: " + Texts.describe(e), e);
    }
  }

  private static String topic(org.web3j.abi.datatypes.Event event) {
    return EventEncoder.encode(event).toLowerCase(Locale.ROOT);
  }
}
