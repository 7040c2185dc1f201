"""What the profile readers share: the jdk.ExecutionSample events of a JFR recording.

Not a script of its own; prof.py, profile-categories.py and callers.py import it.
"""
import json
import os
import subprocess

JFR = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")


def samples(path, skip=0.0):
    """The execution samples of `path` with a stack trace, in time order, leaving out the first
    `skip` fraction (0.5: the later half of the recording, i.e. the warmer code)."""
    out = subprocess.run([JFR, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    events.sort(key=lambda e: e["values"]["startTime"])
    return [e for e in events[int(len(events) * skip):] if e["values"].get("stackTrace")]


def frames(event):
    """The frames of a sample, innermost first, as "pkg.Class.method"."""
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
            for f in event["values"]["stackTrace"]["frames"]]
