"""What the drivers share: JavaPeer (or js peer) processes driven over their JSON-lines stdin/stdout.

Not a script of its own; ab.py, connloop.py and context-switches.py import it.
"""
import glob
import json
import os
import subprocess

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
JS_PEER = os.path.join(REPO, "interop", "js-peer")  # this repository's js peer
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAVA = os.path.join(JAVA_HOME, "bin", "java")
LISTEN = "/ip4/127.0.0.1/tcp/0"
_TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


class Peer:
    """One peer process: `jar` is a benchmarks.jar (run as JavaPeer) or "js" (interop/js-peer)."""

    def __init__(self, jar, jvm_opts=(), quiet=False):
        if jar == "js":
            argv, cwd, stderr = ["node", "peer.mjs", "--listen", LISTEN], JS_PEER, subprocess.DEVNULL
        else:
            argv = [JAVA, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", *jvm_opts,
                    "-cp", jar, "org.subnetp2p.bench.peer.JavaPeer", "--listen", LISTEN]
            cwd, stderr = None, subprocess.DEVNULL if quiet else None
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=stderr, text=True)
        self.pid = self.proc.pid
        self._seq = 0
        self.ready = self._reply()

    def _reply(self):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("peer %d closed its output" % self.pid)
            if line.startswith("{"):
                return json.loads(line)

    def address(self):
        """The peer's first listen address, ending in /p2p/<id>."""
        a = self.ready["addrs"][0]
        return a if "/p2p/" in a else a + "/p2p/" + self.ready["peerId"]

    def cmd(self, name, **args):
        """Sends one command and returns its JSON answer."""
        self._seq += 1
        args["cmd"] = name
        args["id"] = self._seq
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def cpu_ms(self):
        """User + system CPU time of the process so far, from /proc/<pid>/stat."""
        f = open("/proc/%d/stat" % self.pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * _TICK_MS

    def voluntary_switches(self):
        """(total, {thread name: count}) of voluntary context switches of the live threads."""
        total, per = 0, {}
        for t in glob.glob("/proc/%d/task/*" % self.pid):
            try:
                name = open(t + "/comm").read().strip()
                status = open(t + "/status").read()
            except OSError:
                continue  # the thread exited meanwhile
            v = int(status.split("voluntary_ctxt_switches:")[1].split()[0])
            total += v
            per[name] = per.get(name, 0) + v
        return total, per

    def stop(self):
        try:
            self.cmd("shutdown")
            self.proc.wait(timeout=60)
        except Exception:
            self.proc.kill()


def loadavg():
    """The 1, 5 and 15 minute load averages, as text."""
    return open("/proc/loadavg").read().split()[:3]
