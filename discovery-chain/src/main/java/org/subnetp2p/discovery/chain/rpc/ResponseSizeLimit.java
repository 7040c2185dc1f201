package org.subnetp2p.discovery.chain.rpc;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Fails an RPC response larger than a bound while it is being read, so that a hostile or broken
 * endpoint cannot make the node hold gigabytes: whatever the endpoint declares or sends, at most
 * {@code maxBytes} are read.
 */
final class ResponseSizeLimit implements Interceptor {
  private final long maxBytes;

  ResponseSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    if (body.contentLength() > maxBytes) {
      response.close();
      throw new IOException(
          "RPC response of " + body.contentLength() + " bytes exceeds the limit of " + maxBytes);
    }
    BufferedSource limited =
        Okio.buffer(
            new ForwardingSource(body.source()) {
              private long read;

              @Override
              public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0 && (read += n) > maxBytes) {
                  throw new IOException("RPC response exceeds the limit of " + maxBytes + " bytes");
                }
                return n;
              }
            });
    return response
        .newBuilder()
        .body(ResponseBody.create(limited, body.contentType(), body.contentLength()))
        .build();
  }
}
