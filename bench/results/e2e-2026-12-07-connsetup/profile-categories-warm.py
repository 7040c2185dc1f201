import json, sys, collections, subprocess
f = sys.argv[1]
out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout
ev = json.loads(out)["recording"]["events"]; ev.sort(key=lambda e: e["values"]["startTime"]); ev = ev[int(len(ev)*float(sys.argv[2])):] if len(sys.argv) > 2 else ev
cats = [("crypto: X25519/Ed25519 (BouncyCastle)", ["org.bouncycastle"]),
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
cnt = collections.Counter(); total = 0
for e in ev:
    st = e["values"].get("stackTrace")
    if not st: continue
    names = [fr["method"]["type"]["name"].replace("/", ".") + "." + fr["method"]["name"] for fr in st["frames"]]
    total += 1
    lab = "other"
    for n in names:
        m = next((label for label, keys in cats if any(k in n for k in keys)), None)
        if m: lab = m; break
    cnt[lab] += 1
print(f, "samples", total)
for label, _ in cats + [("other", [])]: print("  %5.1f%%  %s" % (100 * cnt[label] / total, label))
