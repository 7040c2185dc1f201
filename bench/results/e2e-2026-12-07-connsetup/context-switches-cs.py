#!/usr/bin/env python3
# Context switches per operation (load-independent count of thread wake-ups), per jar.
import json, subprocess, sys, os, glob
java = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
def rl(p):
    while True:
        l = p.stdout.readline()
        if not l: raise EOFError
        if l.startswith("{"): return json.loads(l)
def start(jar):
    p = subprocess.Popen([java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", jar, "org.subnetp2p.bench.peer.JavaPeer", "--listen", "/ip4/127.0.0.1/tcp/0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return p, rl(p)
seq=[0]
def cmd(p, **kw):
    seq[0]+=1; kw["id"]=seq[0]; p.stdin.write(json.dumps(kw)+"\n"); p.stdin.flush(); return rl(p)
def switches(p):
    tot = 0; per = {}
    for t in glob.glob("/proc/%d/task/*" % p.pid):
        try:
            name = open(t + "/comm").read().strip()
            st = open(t + "/status").read()
        except OSError: continue
        v = int(st.split("voluntary_ctxt_switches:")[1].split()[0])
        tot += v; per[name] = per.get(name, 0) + v
    return tot, per
for tag, jar in [("A", sys.argv[1]), ("B", sys.argv[2])][int(sys.argv[3]) if len(sys.argv) > 3 else 0:]:
    s, r = start(jar); c, _ = start(jar)
    a = r["addrs"][0]; addr = a if "/p2p/" in a else a + "/p2p/" + r["peerId"]
    for _ in range(10):
        cmd(c, cmd="connsetup", addr=addr, count=1000)
    for kind in ("connsetup", "connsetup"):
        (ct0, cp0), (st0, sp0) = switches(c), switches(s)
        if kind == "c1":
            res = cmd(c, cmd="bench", addr=addr, concurrency=1, payloadBytes=64, calls=10000, warmup=0); n = 10000
        else:
            res = cmd(c, cmd="connsetup", addr=addr, count=500); n = 500
        (ct1, cp1), (st1, sp1) = switches(c), switches(s)
        dl = lambda a, b: b.get("subnet-p2p-dead", 0) - a.get("subnet-p2p-dead", 0)
        if True:
            top = sorted(((cp1.get(k,0)-cp0.get(k,0))/n, k) for k in cp1)[-6:]
            tops = sorted(((sp1.get(k,0)-sp0.get(k,0))/n, k) for k in sp1)[-6:]
            print("  client threads", ["%s %.2f" % (k, v) for v, k in top]); print("  server threads", ["%s %.2f" % (k, v) for v, k in tops])
        print(tag, kind, "voluntary context switches per op: client %.2f server %.2f; deadline thread client %.3f server %.3f; errors %s" % ((ct1-ct0)/n, (st1-st0)/n, dl(cp0,cp1)/n, dl(sp0,sp1)/n, res.get("errors")), flush=True)
    for p in (c, s):
        cmd(p, cmd="shutdown"); p.wait(timeout=60)
