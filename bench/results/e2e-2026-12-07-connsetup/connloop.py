#!/usr/bin/env python3
# Drives two JavaPeer processes: server, and client with optional JVM options; runs connsetup N times.
import os
JS_PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "interop", "js-peer")  # this repository's js peer
import json, subprocess, sys, os, time
jar = sys.argv[1]; count = int(sys.argv[2]); reps = int(sys.argv[3]); copts = sys.argv[4].split() if len(sys.argv) > 4 and sys.argv[4] else []
sopts = sys.argv[5].split() if len(sys.argv) > 5 and sys.argv[5] else []
java = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
def rl(p):
    while True:
        l = p.stdout.readline()
        if not l: raise EOFError
        if l.startswith("{"): return json.loads(l)
def start(opts):
    if jar == "js":
        p = subprocess.Popen(["node", "peer.mjs", "--listen", "/ip4/127.0.0.1/tcp/0"], cwd=JS_PEER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        return p, rl(p)
    p = subprocess.Popen([java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"] + opts + ["-cp", jar, "org.subnetp2p.bench.peer.JavaPeer", "--listen", "/ip4/127.0.0.1/tcp/0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = rl(p)
    return p, ready
srv, r = start(sopts)
addr = r["addrs"][0] + "/p2p/" + r["peerId"] if "/p2p/" not in r["addrs"][0] else r["addrs"][0]
cli, _ = start(copts)
def cmd(p, i, **kw):
    kw["id"] = i; p.stdin.write(json.dumps(kw) + "\n"); p.stdin.flush()
    return rl(p)
def cpu(p):
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 10.0  # ms
for i in range(reps):
    c0, s0 = cpu(cli), cpu(srv)
    res = cmd(cli, i, cmd="connsetup", addr=addr, count=count)
    c1, s1 = cpu(cli), cpu(srv)
    n = res["succeeded"]
    print(time.strftime("%H:%M:%S"), open("/proc/loadavg").read().split()[:3], "total", (i+1)*count, "perSec", res["perSec"], "p50", res["p50Ms"], "p99", res["p99Ms"], "cpu/conn us client %.0f server %.0f" % ((c1-c0)*1000/n, (s1-s0)*1000/n), "errors", res["errors"], flush=True)
for p in (cli, srv):
    try: cmd(p, 99, cmd="shutdown"); p.wait(timeout=60)
    except Exception: p.kill()
