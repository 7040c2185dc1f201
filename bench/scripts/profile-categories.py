#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go, by category (the split in BENCHMARKS.md).

Each jdk.ExecutionSample is charged to the innermost frame that falls in a category (first match
in the table's order), else to "other". Prints the sample count and the share of each category.
"""
import argparse
import collections

from jfrsamples import frames, samples

CATEGORIES = [
    ("crypto: X25519/Ed25519 (BouncyCastle)", ["org.bouncycastle"]),
    ("crypto: ChaCha20-Poly1305, SHA-256, HKDF (JDK)", ["com.sun.crypto", "sun.security", "java.security.MessageDigest", "javax.crypto"]),
    ("wake-ups: selector wakeup, task submission", ["NioIoHandler.wakeup", "SingleThreadEventExecutor.execute", "EPollSelectorImpl.wakeup"]),
    ("socket connect/accept/close", ["Bootstrap.connect", "ServerBootstrap", "AbstractChannel$AbstractUnsafe.close", "doClose", "NioSocketChannel.doConnect", "doFinishConnect"]),
    ("virtual-thread scheduling (park/unpark, ForkJoinPool)", ["Continuation", "VirtualThread", "ForkJoinPool", "LockSupport"]),
    ("identify, ping, the bench loop", ["IdentifyService", "PingService", "ConnSetup"]),
    ("JDK collections, strings, futures", ["java.util", "java.lang"]),
    ("multistream-select", ["multistream"]),
    ("Noise handshake (our code)", ["noise.Handshake", "noise.Noise", "noise.Symmetric", "noise.Cipher"]),
    ("yamux", ["yamux"]),
    ("connection registry, address book, peer id, multiaddr", ["ConnectionRegistry", "AddressBook", "PeerId", "Multiaddr"]),
    ("Netty pipeline, buffers, I/O", ["io.netty"]),
]

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("jfr", metavar="FILE.jfr")
p.add_argument("--skip", type=float, default=0.0, help="leave out this first fraction of the samples, e.g. 0.5 for the warmer later half (default: %(default)s)")
args = p.parse_args()

cnt = collections.Counter()
ev = samples(args.jfr, args.skip)
for e in ev:
    lab = "other"
    for n in frames(e):
        m = next((label for label, keys in CATEGORIES if any(k in n for k in keys)), None)
        if m:
            lab = m
            break
    cnt[lab] += 1
total = len(ev)
print(args.jfr, "samples", total)
for label, _ in CATEGORIES + [("other", [])]:
    print("  %5.1f%%  %s" % (100 * cnt[label] / total, label))
