#!/usr/bin/env python3
"""A connect-ping-close loop between one server and one client process, with CPU per connection.

REPS blocks of COUNT sequential connect-ping-close cycles (the `connsetup` command); after each
block one line: time, load average, connections so far, rate, p50, p99, CPU per connection of the
client and of the server (from /proc/<pid>/stat), errors. Shows how CPU per connection falls as
the JIT compiles the per-connection code; with JFR options it records the profiles that prof.py,
profile-categories.py and callers.py read, e.g.
  --client-opts='-XX:StartFlightRecording=filename=client.jfr,settings=profile'
(write the options with `=`: they start with a dash).
"""
import argparse
import time

from peerproc import Peer, loadavg

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("jar", metavar="JAR|js", help='benchmarks.jar, or "js" for two js-libp2p peers (interop/js-peer)')
p.add_argument("count", metavar="COUNT", type=int, help="connections per block")
p.add_argument("reps", metavar="REPS", type=int, help="blocks")
p.add_argument("--client-opts", default="", help="JVM options of the client, space-separated")
p.add_argument("--server-opts", default="", help="JVM options of the server, space-separated")
args = p.parse_args()

srv = Peer(args.jar, args.server_opts.split())
addr = srv.address()
cli = Peer(args.jar, args.client_opts.split())
for i in range(args.reps):
    c0, s0 = cli.cpu_ms(), srv.cpu_ms()
    res = cli.cmd("connsetup", addr=addr, count=args.count)
    c1, s1 = cli.cpu_ms(), srv.cpu_ms()
    n = res["succeeded"]
    print(time.strftime("%H:%M:%S"), loadavg(), "total", (i + 1) * args.count, "perSec", res["perSec"],
          "p50", res["p50Ms"], "p99", res["p99Ms"],
          "cpu/conn us client %.0f server %.0f" % ((c1 - c0) * 1000 / n, (s1 - s0) * 1000 / n),
          "errors", res["errors"], flush=True)
cli.stop()
srv.stop()
