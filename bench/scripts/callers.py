#!/usr/bin/env python3
"""Who calls a hot frame: for each CPU sample whose stack has a frame matching PATTERN (matched
against "Class.method:line", class without its package), the innermost such frame and its
--depth - 1 callers; the 15 commonest chains with their share of all samples."""
import argparse
import collections

from jfrsamples import samples

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("jfr", metavar="FILE.jfr")
p.add_argument("pattern", metavar="PATTERN", help='a substring of "Class.method:line", e.g. "NioIoHandler.wakeup"')
p.add_argument("--depth", type=int, default=6, help="frames per chain (default: %(default)s)")
p.add_argument("--skip", type=float, default=0.0, help="leave out this first fraction of the samples, e.g. 0.5 for the warmer later half (default: %(default)s)")
args = p.parse_args()

c = collections.Counter()
ev = samples(args.jfr, args.skip)
for e in ev:
    names = [x["method"]["type"]["name"].split("/")[-1] + "." + x["method"]["name"] + ":" + str(x.get("lineNumber"))
             for x in e["values"]["stackTrace"]["frames"]]
    for i, n in enumerate(names):
        if args.pattern in n:
            c[" < ".join(names[i:i + args.depth])] += 1
            break
for k, v in c.most_common(15):
    print("%5.1f%% %s" % (100 * v / len(ev), k))
