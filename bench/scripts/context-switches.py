#!/usr/bin/env python3
"""Voluntary context switches per operation: a load-independent count of thread wake-ups.

For each build (a server and a client JavaPeer): warm up, then measure each block of --measure:
`c1` (10,000 request/response calls of 64 B, 1 in flight) or `connsetup` (500 connect-ping-close
cycles). Per block: the six threads of each process with the most switches per operation, then the
switches per operation of all threads of each process and of the deadline thread
(`subnet-p2p-dead`). A thread that exits during a block (e.g. the event loops of the client's
per-command host) takes its switches out of /proc with it.

Warm-up: --warm-calls request/response calls (after 2,000 warm-up calls; 0 for none), then
--warm-passes blocks of 1,000 connections.
"""
import argparse

from peerproc import Peer

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("jar_a", metavar="JAR_A", help="benchmarks.jar of build A")
p.add_argument("jar_b", metavar="JAR_B", help="benchmarks.jar of build B")
p.add_argument("--start", type=int, choices=(0, 1), default=0, help="1: measure JAR_B only (default: %(default)s)")
p.add_argument("--warm-calls", type=int, default=20000, help="request/response warm-up calls (default: %(default)s)")
p.add_argument("--warm-passes", type=int, default=1, help="warm-up blocks of 1,000 connections (default: %(default)s)")
p.add_argument("--measure", default="c1,connsetup", help="measured blocks, comma-separated, in order (default: %(default)s)")
args = p.parse_args()


def per_op(before, after, n):
    return sorted(((after.get(k, 0) - before.get(k, 0)) / n, k) for k in after)[-6:]


for tag, jar in [("A", args.jar_a), ("B", args.jar_b)][args.start:]:
    s = Peer(jar, quiet=True)
    c = Peer(jar, quiet=True)
    addr = s.address()
    if args.warm_calls > 0:
        c.cmd("bench", addr=addr, concurrency=1, payloadBytes=64, calls=args.warm_calls, warmup=2000)
    for _ in range(args.warm_passes):
        c.cmd("connsetup", addr=addr, count=1000)
    for kind in args.measure.split(","):
        (ct0, cp0), (st0, sp0) = c.voluntary_switches(), s.voluntary_switches()
        if kind == "c1":
            res = c.cmd("bench", addr=addr, concurrency=1, payloadBytes=64, calls=10000, warmup=0)
            n = 10000
        else:
            res = c.cmd("connsetup", addr=addr, count=500)
            n = 500
        (ct1, cp1), (st1, sp1) = c.voluntary_switches(), s.voluntary_switches()
        dl = lambda a, b: b.get("subnet-p2p-dead", 0) - a.get("subnet-p2p-dead", 0)
        print("  client threads", ["%s %.2f" % (k, v) for v, k in per_op(cp0, cp1, n)])
        print("  server threads", ["%s %.2f" % (k, v) for v, k in per_op(sp0, sp1, n)])
        print(tag, kind, "voluntary context switches per op: client %.2f server %.2f; deadline thread client %.3f server %.3f; errors %s"
              % ((ct1 - ct0) / n, (st1 - st0) / n, dl(cp0, cp1) / n, dl(sp0, sp1) / n, res.get("errors")), flush=True)
    c.stop()
    s.stop()
