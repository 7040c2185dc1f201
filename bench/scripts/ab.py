#!/usr/bin/env python3
"""Interleaved A/B rounds of two benchmarks.jar builds, Java->Java (and js->js with --js).

Each build gets a server and a client JavaPeer. After --warm-passes passes of each scenario per
build (1,000 connections / 20,000 calls each), every round runs each scenario once per build, the
A/B order alternating from round to round, js last. Scenarios: `connsetup` (500 sequential
connect-ping-close cycles) and `c1` (10,000 request/response calls of 64 B, 1 in flight, after 2,000
warm-up calls). Prints one line per run, then a SUMMARY line per scenario and build: median
(min-max) of rate, p50 and CPU per operation of both processes.
"""
import argparse
import statistics
import time

from peerproc import Peer, loadavg

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("jar_a", metavar="JAR_A", help="benchmarks.jar of build A")
p.add_argument("jar_b", metavar="JAR_B", help="benchmarks.jar of build B")
p.add_argument("rounds", metavar="ROUNDS", type=int, help="measured rounds")
p.add_argument("--what", default="connsetup,c1", help="scenarios, comma-separated (default: %(default)s)")
p.add_argument("--js", action="store_true", help="add js->js (interop/js-peer) as a third contender")
p.add_argument("--warm-passes", type=int, default=3, help="warm-up passes of each scenario (default: %(default)s)")
args = p.parse_args()

jars = {"A": args.jar_a, "B": args.jar_b}
if args.js:
    jars["J"] = "js"
what = args.what.split(",")

peers = {}
for k, jar in jars.items():
    server = Peer(jar)
    client = Peer(jar)
    peers[k] = (server, client, server.address())


def run(k, kind, warm=False):
    s, c, addr = peers[k]
    c0, s0 = c.cpu_ms(), s.cpu_ms()
    if kind == "connsetup":
        res = c.cmd("connsetup", addr=addr, count=1000 if warm else 500)
        n = res["succeeded"]
        val = (res["perSec"], res["p50Ms"])
    else:
        res = c.cmd("bench", addr=addr, concurrency=1, payloadBytes=64, calls=20000 if warm else 10000, warmup=2000)
        n = res["succeeded"] + 2000  # warm-up calls included, as the runner counts
        val = (res["opsPerSec"], res["p50Ms"])
    c1, s1 = c.cpu_ms(), s.cpu_ms()
    return val, (c1 - c0 + s1 - s0) * 1000 / max(n, 1), res


out = {k: {w: [] for w in what} for k in jars}
for _ in range(args.warm_passes):
    for k in jars:
        for w in what:
            run(k, w, warm=True)
print("warmed", flush=True)
for r in range(args.rounds):
    for w in what:
        for k in (("A", "B") if r % 2 == 0 else ("B", "A")) + (("J",) if "J" in jars else ()):
            load = loadavg()[0]
            val, cpuper, res = run(k, w)
            out[k][w].append((val, cpuper))
            print(time.strftime("%H:%M:%S"), "round", r + 1, w, k,
                  "rate %.1f p50 %.3f ms cpu/op both %.0f us load %s errors %s"
                  % (val[0], val[1], cpuper, load, res.get("errors", res.get("failed"))), flush=True)


def spread(xs, fmt):
    xs = list(xs)
    return (fmt + " (" + fmt + "-" + fmt + ")") % (statistics.median(xs), min(xs), max(xs))


for w in what:
    for k in jars:
        v = out[k][w]
        print("SUMMARY", w, k,
              "rate med " + spread((x[0][0] for x in v), "%.1f"),
              "p50 med " + spread((x[0][1] for x in v), "%.3f"),
              "cpu med " + spread((x[1] for x in v), "%.0f"), flush=True)
for s, c, _ in peers.values():
    c.stop()
    s.stop()
