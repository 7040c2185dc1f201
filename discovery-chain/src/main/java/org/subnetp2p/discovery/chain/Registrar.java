package org.subnetp2p.discovery.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.contract.SubnetPeerRegistry;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;
import org.subnetp2p.discovery.chain.rpc.RawRecord;
import org.subnetp2p.discovery.chain.rpc.RegistryContract;
import org.subnetp2p.discovery.chain.rpc.RpcException;
import org.subnetp2p.discovery.chain.rpc.Texts;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Writes and reads a {@code SubnetPeerRegistry}: deploys one, registers, updates and removes peers,
 * lists a subnet. What {@code subnet-node registry ...} runs, and the demo's and tests' helper.
 * Each write waits for its receipt (bounded); a refusal by the contract names the contract's error.
 *
 * <pre>{@code
 * try (Registrar registrar = Registrar.connect(rpcUrl, ChainKey.fromHex(hex, "the key"))) {
 *   String registry = registrar.deploy(BigInteger.ZERO);
 *   registrar.register(registry, BigInteger.ONE, peerId, address, null);
 * }
 * }</pre>
 */
public final class Registrar implements AutoCloseable {
  /** The limit of one RPC call. */
  public static final Duration RPC_TIMEOUT = Duration.ofSeconds(15);

  private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(4_000_000);
  private static final long RECEIPT_POLL_MILLIS = 200;
  private static final int RECEIPT_POLLS = 300; // a minute

  private final ChainRpc rpc;
  private final ChainKey key;
  private final TransactionManager transactions;
  private final ContractGasProvider gas;

  private Registrar(ChainRpc rpc, ChainKey key, TransactionManager transactions) {
    this.rpc = rpc;
    this.key = key;
    this.transactions = transactions;
    this.gas = new EstimatingGas();
  }

  /**
   * A registrar signing with {@code key} on the chain at {@code rpcUrl}.
   *
   * @throws RegistrarException if the chain cannot be reached (its id is read first)
   */
  public static Registrar connect(URI rpcUrl, ChainKey key) throws RegistrarException {
    ChainRpc rpc = ChainRpc.connect(rpcUrl, RPC_TIMEOUT);
    try {
      long chainId = rpc.chainId();
      return new Registrar(
          rpc,
          key,
          new RawTransactionManager(
              rpc.web3j(),
              key.credentials(),
              chainId,
              new PollingTransactionReceiptProcessor(
                  rpc.web3j(), RECEIPT_POLL_MILLIS, RECEIPT_POLLS)));
    } catch (RpcException e) {
      rpc.close();
      throw new RegistrarException(e.getMessage(), false, e);
    }
  }

  /** A registrar that only reads (lists). */
  public static Registrar readOnly(URI rpcUrl) {
    ChainRpc rpc = ChainRpc.connect(rpcUrl, RPC_TIMEOUT);
    return new Registrar(rpc, null, new ReadonlyTransactionManager(rpc.web3j(), null));
  }

  /** The signing account's address; empty for a read-only registrar. */
  public Optional<String> account() {
    return Optional.ofNullable(key).map(ChainKey::address);
  }

  private SubnetPeerRegistry contract(String registry) {
    return SubnetPeerRegistry.load(
        RegistryContract.checkAddress(registry), rpc.web3j(), transactions, gas);
  }

  private void requireKey() {
    if (key == null) {
      throw new IllegalStateException("this registrar only reads: it has no chain key");
    }
  }

  /**
   * Deploys a registry whose subnets (unless claimed) require {@code minStake} wei and belong to
   * the signing account.
   *
   * @return the contract's address
   */
  public String deploy(BigInteger minStake) throws RegistrarException {
    requireKey();
    return attempt(
        "deploying the registry",
        () ->
            SubnetPeerRegistry.deploy(rpc.web3j(), transactions, gas, minStake)
                .send()
                .getContractAddress()
                .toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Registers {@code peer} reachable at {@code address} in {@code subnet}, staking {@code stake}
   * wei (the subnet's minimum when null). The multiaddr is stored in binary form with {@code
   * /p2p/<peer>} appended if missing.
   *
   * @throws IllegalArgumentException if {@code address} names another peer
   */
  public void register(
      String registry, BigInteger subnet, PeerId peer, Multiaddr address, BigInteger stake)
      throws RegistrarException {
    requireKey();
    byte[] bytes = address.withPeerId(peer).toBytes();
    BigInteger wei = stake != null ? stake : minStake(registry, subnet);
    attempt(
        "registering " + peer,
        () -> contract(registry).register(subnet, peer.toBase58(), bytes, wei).send());
  }

  /** Registers raw text and bytes as they are, unchecked: for tests of readers' defences. */
  public void registerRaw(
      String registry, BigInteger subnet, String peerId, byte[] multiaddr, BigInteger stake)
      throws RegistrarException {
    requireKey();
    attempt(
        "registering a raw record",
        () -> contract(registry).register(subnet, peerId, multiaddr, stake).send());
  }

  /** Changes the address of {@code peer}, which the signing account registered. */
  public void updateAddress(String registry, BigInteger subnet, PeerId peer, Multiaddr address)
      throws RegistrarException {
    requireKey();
    byte[] bytes = address.withPeerId(peer).toBytes();
    attempt(
        "updating " + peer,
        () -> contract(registry).updateMultiaddr(subnet, peer.toBase58(), bytes).send());
  }

  /**
   * Removes {@code peer} from {@code subnet}: deregisters it if the signing account registered it
   * (its stake comes back), otherwise removes it as the subnet's owner.
   *
   * @return true if deregistered by its registrant, false if removed by the owner
   */
  public boolean remove(String registry, BigInteger subnet, PeerId peer) throws RegistrarException {
    requireKey();
    String registrant =
        attempt(
            "reading " + peer,
            () -> {
              var answer = contract(registry).getPeer(subnet, peer.toBase58()).send();
              if (!answer.component1()) {
                throw new RegistrarException(
                    "peer " + peer + " is not registered for subnet " + subnet, true, null);
              }
              return answer.component3();
            });
    boolean own = registrant.equalsIgnoreCase(key.address());
    attempt(
        "removing " + peer,
        () ->
            own
                ? contract(registry).deregister(subnet, peer.toBase58()).send()
                : contract(registry).remove(subnet, peer.toBase58()).send());
    return own;
  }

  /** Claims {@code subnet}: the signing account becomes its owner, with its own minimum stake. */
  public void claimSubnet(String registry, BigInteger subnet, BigInteger minStake)
      throws RegistrarException {
    requireKey();
    attempt(
        "claiming subnet " + subnet,
        () -> contract(registry).createSubnet(subnet, minStake).send());
  }

  /** The minimum stake of {@code subnet}, in wei. */
  public BigInteger minStake(String registry, BigInteger subnet) throws RegistrarException {
    return attempt("reading the minimum stake", () -> contract(registry).minStake(subnet).send());
  }

  /** A subnet's records at the newest block: those that pass the checks, and what was skipped. */
  public record Listing(List<RegistryRecord> records, Map<SkipReason, Integer> skipped) {}

  /** Every record of {@code subnet} at the newest block, checked as the reader checks them. */
  public Listing list(String registry, BigInteger subnet) throws RegistrarException {
    RegistryContract reader = new RegistryContract(rpc, registry, subnet);
    try {
      long block = rpc.blockNumber();
      long count = reader.peerCount(block);
      List<RegistryRecord> records = new ArrayList<>();
      Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
      for (long offset = 0; offset < count; offset += 500) {
        for (RawRecord raw : reader.listPeers(block, offset, (int) Math.min(500, count - offset))) {
          RecordCheck.Outcome o = RecordCheck.check(raw.peerId(), raw.multiaddr());
          o.record().ifPresent(records::add);
          o.skipped().ifPresent(r -> skipped.merge(r, 1, Integer::sum));
        }
      }
      return new Listing(List.copyOf(records), Map.copyOf(skipped));
    } catch (RpcException e) {
      throw new RegistrarException(e.getMessage(), false, e);
    }
  }

  private interface ChainCall<T> {
    T call() throws Exception;
  }

  /** Runs a chain call, turning every failure into a {@link RegistrarException} that says why. */
  private static <T> T attempt(String what, ChainCall<T> call) throws RegistrarException {
    try {
      return call.call();
    } catch (RegistrarException e) {
      throw e;
    } catch (ContractRefusal e) {
      throw new RegistrarException(what + ": the registry refused: " + e.getMessage(), true, e);
    } catch (TransactionException e) {
      String reason = ContractErrors.describe(e.getMessage()).orElse(Texts.bounded(e.getMessage()));
      throw new RegistrarException(what + ": the registry refused: " + reason, true, e);
    } catch (IOException | RuntimeException e) {
      Optional<String> refusal = ContractErrors.describe(String.valueOf(e.getMessage()));
      if (refusal.isPresent()) {
        throw new RegistrarException(what + ": the registry refused: " + refusal.get(), true, e);
      }
      throw new RegistrarException(what + " failed: " + Texts.describe(e), false, e);
    } catch (Exception e) {
      throw new RegistrarException(what + " failed: " + Texts.describe(e), false, e);
    }
  }

  /** The contract would revert: found while estimating gas, before anything is sent. */
  private static final class ContractRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContractRefusal(String message) {
      super(message);
    }
  }

  /**
   * Gas from the chain itself: the price it suggests (doubled, so a rising base fee does not strand
   * the transaction) and each call's estimate plus a margin. Estimating runs the call, so a call
   * the contract would refuse fails here, named, before it is signed.
   */
  private final class EstimatingGas implements ContractGasProvider {
    @Override
    public BigInteger getGasPrice() {
      try {
        return rpc.send("eth_gasPrice", rpc.web3j().ethGasPrice()).getGasPrice().shiftLeft(1);
      } catch (RpcException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public BigInteger getGasLimit(Transaction transaction) {
      EthEstimateGas estimate;
      try {
        estimate = rpc.web3j().ethEstimateGas(transaction).send();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (estimate.hasError()) {
        Object data = estimate.getError().getData();
        String message = estimate.getError().getMessage();
        throw new ContractRefusal(
            ContractErrors.describe(data == null ? null : data.toString())
                .or(() -> ContractErrors.describe(message))
                .orElse(Texts.bounded(message)));
      }
      BigInteger gas = estimate.getAmountUsed();
      return gas.add(gas.shiftRight(2)).add(BigInteger.valueOf(10_000));
    }

    @Override
    public BigInteger getGasLimit() {
      return DEPLOY_GAS;
    }
  }

  @Override
  public void close() {
    rpc.close();
  }
}
