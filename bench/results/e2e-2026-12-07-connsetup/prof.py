import json, sys, collections, subprocess
# usage: prof.py FILE.jfr [skip_fraction] ; analyzes samples in the last part of the recording
f = sys.argv[1]; skip = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout
ev = json.loads(out)["recording"]["events"]
ev.sort(key=lambda e: e["values"]["startTime"])
ev = ev[int(len(ev)*skip):]
self_c = collections.Counter(); incl = collections.Counter(); total = 0
thr = collections.Counter()
for e in ev:
    st = e["values"].get("stackTrace")
    if not st: continue
    total += 1
    fr = st["frames"]
    names = [x["method"]["type"]["name"].replace("/", ".") + "." + x["method"]["name"] for x in fr]
    self_c[names[0]] += 1
    for n in set(names): incl[n] += 1
    t = e["values"].get("sampledThread") or {}
    thr[(t.get("javaName") or t.get("osName") or "?")[:30]] += 1
print(f, "samples", total)
print("-- self top 40")
for n, c in self_c.most_common(40): print("  %5.1f%% %s" % (100*c/total, n))
print("-- inclusive, subnetp2p frames top 60")
for n, c in [x for x in incl.most_common() if "subnetp2p" in x[0]][:60]: print("  %5.1f%% %s" % (100*c/total, n))
print("-- threads")
for n, c in thr.most_common(12): print("  %5.1f%% %s" % (100*c/total, n))
