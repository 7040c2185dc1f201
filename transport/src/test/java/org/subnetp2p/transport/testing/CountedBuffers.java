package org.subnetp2p.transport.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Buffers from an allocator of their own that counts the bytes not yet released, for fuzz tests
 * that must prove every buffer is released whatever the input: channels made here allocate from it,
 * and so does {@link #copyOf}.
 */
public final class CountedBuffers {
  private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);

  /** An active embedded channel allocating from this counter, with {@code handlers} added. */
  public EmbeddedChannel channel(ChannelHandler... handlers) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(allocator);
    channel.pipeline().addLast(handlers);
    return channel;
  }

  /** A counted buffer holding {@code bytes[from..to)}. */
  public ByteBuf copyOf(byte[] bytes, int from, int to) {
    return allocator.heapBuffer(to - from).writeBytes(bytes, from, to - from);
  }

  /** The bytes of buffers allocated here and not released. */
  public long outstanding() {
    ByteBufAllocatorMetric metric = allocator.metric();
    return metric.usedHeapMemory() + metric.usedDirectMemory();
  }

  /** Reads and releases everything {@code channel} wrote. */
  public static byte[] drainOutbound(EmbeddedChannel channel) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Object message;
    while ((message = channel.readOutbound()) != null) {
      if (message instanceof ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.writeBytes(bytes);
      }
      io.netty.util.ReferenceCountUtil.release(message);
    }
    return out.toByteArray();
  }
}
