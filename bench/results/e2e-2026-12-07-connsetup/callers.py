import json, sys, collections, subprocess
f = sys.argv[1]; pat = sys.argv[2]; depth = int(sys.argv[3]) if len(sys.argv) > 3 else 6
out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout
ev = json.loads(out)["recording"]["events"]
ev.sort(key=lambda e: e["values"]["startTime"]); ev = ev[len(ev)//2:]
c = collections.Counter(); total=0
for e in ev:
    st = e["values"].get("stackTrace")
    if not st: continue
    total+=1
    names = [x["method"]["type"]["name"].split("/")[-1] + "." + x["method"]["name"] + ":" + str(x.get("lineNumber")) for x in st["frames"]]
    for i, n in enumerate(names):
        if pat in n:
            c[" < ".join(names[i:i+depth])] += 1
            break
for k, v in c.most_common(15): print("%5.1f%% %s" % (100*v/total, k))
