#!/usr/bin/env python3
"""A JFR recording's CPU samples: the top 40 self frames, the top 60 of our (subnetp2p) frames
inclusive, and the top 12 threads."""
import argparse
import collections

from jfrsamples import frames, samples

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("jfr", metavar="FILE.jfr")
p.add_argument("--skip", type=float, default=0.0, help="leave out this first fraction of the samples, e.g. 0.5 for the warmer later half (default: %(default)s)")
args = p.parse_args()

ev = samples(args.jfr, args.skip)
self_c, incl, thr = collections.Counter(), collections.Counter(), collections.Counter()
for e in ev:
    names = frames(e)
    self_c[names[0]] += 1
    for n in set(names):
        incl[n] += 1
    t = e["values"].get("sampledThread") or {}
    thr[(t.get("javaName") or t.get("osName") or "?")[:30]] += 1
total = len(ev)
print(args.jfr, "samples", total)
print("-- self top 40")
for n, c in self_c.most_common(40):
    print("  %5.1f%% %s" % (100 * c / total, n))
print("-- inclusive, subnetp2p frames top 60")
for n, c in [x for x in incl.most_common() if "subnetp2p" in x[0]][:60]:
    print("  %5.1f%% %s" % (100 * c / total, n))
print("-- threads")
for n, c in thr.most_common(12):
    print("  %5.1f%% %s" % (100 * c / total, n))
