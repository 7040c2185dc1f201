#!/usr/bin/env python3
# A/B of two benchmarks.jar builds, Java->Java, interleaved rounds: connsetup and req/resp 64 B at 1 in flight.
# usage: ab.py jarA jarB rounds [what=connsetup,c1]
import os
JS_PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "interop", "js-peer")  # this repository's js peer
import json, subprocess, sys, time, statistics
jars = {"A": sys.argv[1], "B": sys.argv[2]}
if len(sys.argv) > 5: jars["J"] = "js"
rounds = int(sys.argv[3])
what = (sys.argv[4] if len(sys.argv) > 4 else "connsetup,c1").split(",")
java = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
def rl(p):
    while True:
        l = p.stdout.readline()
        if not l: raise EOFError
        if l.startswith("{"): return json.loads(l)
def start(jar):
    if jar == "js":
        p = subprocess.Popen(["node", "peer.mjs", "--listen", "/ip4/127.0.0.1/tcp/0"], cwd=JS_PEER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        return p, rl(p)
    p = subprocess.Popen([java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", jar, "org.subnetp2p.bench.peer.JavaPeer", "--listen", "/ip4/127.0.0.1/tcp/0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return p, rl(p)
def cpu(p):
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 10.0
seq = [0]
def cmd(p, **kw):
    seq[0] += 1; kw["id"] = seq[0]; p.stdin.write(json.dumps(kw) + "\n"); p.stdin.flush(); return rl(p)
peers = {}
for k, jar in jars.items():
    s, r = start(jar); c, _ = start(jar)
    a = r["addrs"][0]; addr = a if "/p2p/" in a else a + "/p2p/" + r["peerId"]
    peers[k] = (s, c, addr)
def run(k, kind, warm=False):
    s, c, addr = peers[k]; c0, s0 = cpu(c), cpu(s)
    if kind == "connsetup":
        res = cmd(c, cmd="connsetup", addr=addr, count=1000 if warm else 500); n = res["succeeded"]
        val = (res["perSec"], res["p50Ms"])
    else:
        res = cmd(c, cmd="bench", addr=addr, concurrency=1, payloadBytes=64, calls=20000 if warm else 10000, warmup=2000)
        n = res["succeeded"] + 2000  # warm-up calls included, as the runner counts
        val = (res["opsPerSec"], res["p50Ms"])
    c1, s1 = cpu(c), cpu(s)
    return val, (c1 - c0 + s1 - s0) * 1000 / max(n, 1), res
out = {k: {w: [] for w in what} for k in jars}
for _ in range(int(sys.argv[6]) if len(sys.argv) > 6 else 3):
    for k in jars:
        for w in what: run(k, w, warm=True)
print("warmed", flush=True)
for r in range(rounds):
    for w in what:
        for k in ((("A", "B") if r % 2 == 0 else ("B", "A")) + (("J",) if "J" in jars else ())):
            load = open("/proc/loadavg").read().split()[0]
            val, cpuper, res = run(k, w)
            out[k][w].append((val, cpuper))
            print(time.strftime("%H:%M:%S"), "round", r + 1, w, k, "rate %.1f p50 %.3f ms cpu/op both %.0f us load %s errors %s" % (val[0], val[1], cpuper, load, res.get("errors", res.get("failed"))), flush=True)
for w in what:
    for k in jars:
        v = out[k][w]
        print("SUMMARY", w, k, "rate med %.1f (%.1f-%.1f)" % (statistics.median(x[0][0] for x in v), min(x[0][0] for x in v), max(x[0][0] for x in v)),
              "p50 med %.3f (%.3f-%.3f)" % (statistics.median(x[0][1] for x in v), min(x[0][1] for x in v), max(x[0][1] for x in v)),
              "cpu med %.0f (%.0f-%.0f)" % (statistics.median(x[1] for x in v), min(x[1] for x in v), max(x[1] for x in v)), flush=True)
for s, c, _ in peers.values():
    for p in (c, s):
        try: cmd(p, cmd="shutdown"); p.wait(timeout=60)
        except Exception: p.kill()
