/**
 * A simulated network: {@link org.subnetp2p.testkit.SimNetwork} creates {@link
 * org.subnetp2p.testkit.SimHost}s, each a full {@link org.subnetp2p.core.host.Host}, whose
 * connections and streams live in memory. A protocol written against core's {@code Host} API runs
 * on it unchanged, so thousands of peers of a DHT or a pubsub mesh fit in one JVM.
 *
 * <p>What it models:
 *
 * <ul>
 *   <li><b>Latency</b>: every chunk written to a stream, and every stream end, arrives after the
 *       one-way delay (plus optional jitter, never reordering a stream). Dials and stream
 *       negotiation take one round trip.
 *   <li><b>Loss</b>: a stream is lost as a whole with the configured probability, as a stream over
 *       a broken path would be: nothing written on it ever arrives, in either direction, and both
 *       ends run into their own deadlines. Bytes within a delivered stream are never lost or
 *       reordered, as with TCP.
 *   <li><b>Partitions</b>: hosts in different groups cannot reach each other. Dials across a
 *       partition time out after the dialer's {@code dialTimeout}; streams across it go silent.
 *   <li><b>Peers gone without notice</b> ({@link org.subnetp2p.testkit.SimHost#crash()}): the
 *       others see no disconnect; their streams to it go silent and their dials time out.
 *   <li><b>Identify</b>: when two hosts connect, each records the other's listen addresses and
 *       served protocols in its address book (firing {@link
 *       org.subnetp2p.core.host.AddressBook.Listener}s), and a host that changes its handlers tells
 *       its connected peers again, as identify push does.
 *   <li><b>Backpressure</b>: each direction of a stream buffers a bounded number of bytes; a writer
 *       blocks (within its write deadline) until the reader catches up.
 * </ul>
 *
 * <p>What it does not model: security handshakes, the muxer's framing, bandwidth, and the cost of
 * either. It is a simulation aid only; interop and integration are proven over real TCP.
 *
 * <p>Threads: none per host, connection or idle stream. Stream handlers and blocking calls run on
 * virtual threads; delays are timers on one shared scheduler.
 */
package org.subnetp2p.testkit;
