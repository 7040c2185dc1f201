package org.subnetp2p.discovery.chain.rpc;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/**
 * One chain JSON-RPC endpoint over HTTP, with a deadline on every call and a bound on every
 * response. Every failure, whatever its kind (unreachable, timed out, an error answer, an answer
 * that does not decode), is an {@link RpcException} whose message never quotes what the endpoint
 * sent beyond a few words.
 */
public final class ChainRpc implements AutoCloseable {
  /** No honest answer of ours comes near this: a page of 500 records of 1 KiB is 1 MiB. */
  public static final long MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

  private final URI url;
  private final HttpService service;
  private final Web3j web3j;

  private ChainRpc(URI url, HttpService service) {
    this.url = url;
    this.service = service;
    this.web3j = Web3j.build(service);
  }

  /**
   * A client of the endpoint at {@code url} ({@code http://} or {@code https://}); nothing is sent
   * until the first call.
   *
   * @param timeout the limit of one call, connecting and reading the whole answer included
   * @throws IllegalArgumentException if {@code url} is not an HTTP(S) URL
   */
  public static ChainRpc connect(URI url, Duration timeout) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "chain RPC URL must be http:// or https:// with a host, not \"" + url + "\"");
    }
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout)
            // A pooled connection to an endpoint that restarted fails once: retry on a fresh one.
            .retryOnConnectionFailure(true)
            .addInterceptor(new ResponseSizeLimit(MAX_RESPONSE_BYTES))
            .build();
    return new ChainRpc(url, new HttpService(url.toString(), client, false));
  }

  /** The endpoint. */
  public URI url() {
    return url;
  }

  /** Web3j over this endpoint, for the contract wrapper. */
  public Web3j web3j() {
    return web3j;
  }

  /** The transport, for methods Web3j does not know (e.g. Hypertensor's). */
  public HttpService service() {
    return service;
  }

  /** The number of the newest block. */
  public long blockNumber() throws RpcException {
    return longValue(
        "eth_blockNumber", send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber());
  }

  /** The chain id, e.g. 31337 for anvil. */
  public long chainId() throws RpcException {
    return longValue("eth_chainId", send("eth_chainId", web3j.ethChainId()).getChainId());
  }

  /** The hash of block {@code number}; empty if the chain has no such block (yet, or any more). */
  public Optional<String> blockHash(long number) throws RpcException {
    EthBlock answer =
        send(
            "eth_getBlockByNumber",
            web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
    EthBlock.Block block = answer.getBlock();
    if (block == null) {
      return Optional.empty();
    }
    String hash = block.getHash();
    if (hash == null || !hash.matches("0x[0-9a-fA-F]{64}")) {
      throw new RpcException("eth_getBlockByNumber answered a block without a valid hash");
    }
    return Optional.of(hash.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Sends {@code request}, failing with an {@link RpcException} for a transport failure, an error
   * answer or an answer that does not decode.
   */
  public <T extends Response<?>> T send(
      String method, org.web3j.protocol.core.Request<?, T> request) throws RpcException {
    T answer;
    try {
      answer = request.send();
    } catch (IOException e) {
      throw new RpcException(method + " to " + url + " failed: " + Texts.describe(e), e);
    } catch (RuntimeException e) { // a decoder's complaint about a garbled answer
      throw new RpcException(method + " to " + url + " answered garbage: " + Texts.describe(e), e);
    }
    if (answer == null) {
      throw new RpcException(method + " to " + url + " answered nothing");
    }
    if (answer.hasError()) {
      throw new RpcException(
          method
              + " to "
              + url
              + " answered an error: "
              + Texts.bounded(answer.getError().getMessage()));
    }
    return answer;
  }

  private static long longValue(String method, BigInteger value) throws RpcException {
    if (value == null || value.signum() < 0 || value.bitLength() > 62) {
      throw new RpcException(method + " answered a number out of range");
    }
    return value.longValueExact();
  }

  /** Releases the HTTP client's threads and connections. */
  @Override
  public void close() {
    web3j.shutdown();
  }
}
