# SPDX-License-Identifier: Apache-2.0
"""Helpers of the live integration tests (suite 'live').

Each test runs the built falcocore live (eBPF probe), performs real actions on
this machine while it captures, stops it with SIGTERM (flushing outputs) and
checks the JSON alerts. The machine is shared with other tests and programs,
so every action carries a unique token (in a path or a command line) and only
alerts naming it are considered.

Exit 0 = pass, 77 = skip (only when the eBPF probe cannot load here), anything
else = fail."""
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "falcocore"
UPSTREAM = os.environ.get("FC_UPSTREAM", os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                      "shared", "upstream"))
RULES_DIR = os.path.join(UPSTREAM, "falcosecurity-rules")
UPSTREAM_RULES = [os.path.join(RULES_DIR, f) for f in
                  ("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")]
PYTHON = sys.executable
failures = []

# The CLI's append_output does not add fields yet, so a rule of our own
# ("livetest tag") matches every event of the processes that carry the token in
# their environment and prints the fields the checks need; with
# rule_matching=all it fires on the same events as the upstream rules, and the
# two are joined on evt.time.
TAG_FIELDS = ["proc.name", "proc.pid", "proc.ppid", "proc.cmdline", "proc.pname", "proc.tty",
              "user.name", "user.uid", "evt.type", "fd.name", "container.id", "container.name"]
TAG_EVENTS = ["open", "openat", "openat2", "creat", "execve", "execveat", "unlink", "unlinkat",
              "symlink", "symlinkat", "ptrace", "connect", "accept", "accept4", "dup", "dup2",
              "dup3"]


def tag_rules(token, port=None):
    """A rules file (text) with the tag rule and, when PORT is given, rules
    reporting the connects to and accepts on that local port."""
    out = ", ".join("%s=%%%s" % (f, f) for f in TAG_FIELDS)
    y = """- rule: livetest tag
  desc: every event of the live test's actions
  condition: evt.type in (%s) and proc.env[FC_LIVE_TOKEN] = %s
  output: "livetest %s"
  priority: DEBUG
  tags: [livetest]
""" % (", ".join(TAG_EVENTS), token, out)
    if port:
        net = ("fd.name=%fd.name fd.type=%fd.type fd.l4proto=%fd.l4proto fd.cip=%fd.cip "
               "fd.cport=%fd.cport fd.sip=%fd.sip fd.sport=%fd.sport fd.lport=%fd.lport "
               "fd.rport=%fd.rport proc.name=%proc.name container.id=%container.id")
        y += """
- rule: livetest connect
  desc: a connect to the live test's server
  condition: evt.type = connect and fd.sport = %d and fd.sip = 127.0.0.1
  output: "connect %s"
  priority: DEBUG
  tags: [livetest]

- rule: livetest accept
  desc: an accept by the live test's server
  condition: evt.type in (accept, accept4) and fd.sport = %d and fd.lport = %d
  output: "accept %s"
  priority: DEBUG
  tags: [livetest]
""" % (port, net, port, port, net)
    return y


def check(cond, what, detail=""):
    if not cond:
        failures.append(what)
        print("FAIL: %s%s" % (what, ("\n  " + detail.replace("\n", "\n  ")) if detail else ""))
    else:
        print("ok: %s" % what)
    return cond


def done(name):
    if failures:
        print("%s: %d check(s) failed" % (name, len(failures)))
        sys.exit(1)
    print("%s: ok" % name)
    sys.exit(0)


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def parse_alerts(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def fc_args(rules, extra=()):
    args = ["-U", "-o", "json_output=true", "-o", "rule_matching=all", "-o", "priority=debug"]
    for r in rules:
        args += ["-r", r]
    return args + list(extra)


class Live:
    """falcocore running live; start() returns once the probe is attached."""

    def __init__(self, args, max_seconds=90):
        self.dir = tempfile.mkdtemp(prefix="fc-live-")
        self.out = open(os.path.join(self.dir, "stdout"), "w+")
        self.err = open(os.path.join(self.dir, "stderr"), "w+")
        self.args = [EXE, "-M", str(max_seconds)] + list(args)
        self.p = None
        self.stdout = self.stderr = ""

    def start(self, timeout=60):
        env = dict(os.environ)
        env.setdefault("FALCO_HOSTNAME", "fc-live-host")
        self.p = subprocess.Popen(self.args, stdout=self.out, stderr=self.err, env=env)
        end = time.time() + timeout
        while time.time() < end:
            err = open(self.err.name).read()
            if "Capturing system calls live" in err:
                return
            if self.p.poll() is not None:
                if "live probe:" in err or "live capture is not available" in err:
                    skip("the eBPF probe cannot load here: " + err.strip().splitlines()[-1])
                raise RuntimeError("falcocore exited (%d) before capturing:\n%s"
                                   % (self.p.returncode, err))
            time.sleep(0.05)
        self.p.kill()
        raise RuntimeError("falcocore did not start capturing within %ds" % timeout)

    def stop(self, settle=1.5):
        """Lets the last events through, then SIGTERM; returns the alerts."""
        time.sleep(settle)
        self.p.send_signal(signal.SIGTERM)
        try:
            rc = self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = -9
        self.stdout = open(self.out.name).read()
        self.stderr = open(self.err.name).read()
        check(rc == 0, "falcocore live exits 0 on SIGTERM (rc=%d)" % rc, self.stderr[-2000:])
        check("Live capture:" in self.stderr, "falcocore prints its live capture counters",
              self.stderr[-1000:])
        return parse_alerts(self.stdout)

    def cleanup(self):
        self.out.close()
        self.err.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def replay(capture, args, timeout=120):
    p = subprocess.run([EXE, "-e", capture] + list(args), capture_output=True, text=True,
                       timeout=timeout)
    check(p.returncode == 0, "replay of the recorded capture exits 0 (rc=%d)" % p.returncode,
          p.stderr[-2000:])
    return parse_alerts(p.stdout)


# ---------------------------------------------------------------------------
# A fake docker container: a cgroup named like docker's
# ---------------------------------------------------------------------------

class FakeContainer:
    """A cgroup whose path looks like a docker container's. Processes started
    with preexec() join it before they exec, so their execve events carry the
    cgroup and the syscall source gives them a container.id."""

    def __init__(self, token):
        import hashlib
        self.full_id = hashlib.sha256(token.encode()).hexdigest()
        self.id = self.full_id[:12]
        self.dirs = []       # cgroups to remove (deepest first)
        self.procs = []      # cgroup.procs files to join
        if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
            # cgroup v2: the probe reports each controller's cgroup, so enable
            # one in the parent (the root) or every controller stays at "/".
            try:
                with open("/sys/fs/cgroup/cgroup.subtree_control", "w") as f:
                    f.write("+pids")
            except OSError:
                pass
            self._make("/sys/fs/cgroup", "system.slice", "docker-%s.scope" % self.full_id)
        else:
            # cgroup v1 (or hybrid): docker's cgroupfs layout /docker/<id>
            for ctl in ("pids", "cpu", "memory"):
                base = os.path.join("/sys/fs/cgroup", ctl)
                if os.path.isdir(base) and os.path.ismount(base):
                    self._make(base, "docker", self.full_id)
        if not self.procs:
            raise RuntimeError("cannot create a container-like cgroup under /sys/fs/cgroup")

    def _make(self, base, mid, leaf):
        d = os.path.join(base, mid)
        if not os.path.isdir(d):
            os.mkdir(d)
            self.dirs.append(d)
        leafd = os.path.join(d, leaf)
        os.mkdir(leafd)
        self.dirs.append(leafd)
        self.procs.append(os.path.join(leafd, "cgroup.procs"))

    def preexec(self):
        for p in self.procs:
            with open(p, "w") as f:
                f.write("0")

    def cleanup(self):
        for d in sorted(self.dirs, key=len, reverse=True):
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)  # processes still leaving
            else:
                print("warning: cannot remove cgroup %s" % d)


# ---------------------------------------------------------------------------
# A TCP server on 127.0.0.1 recording the client ports it accepts
# ---------------------------------------------------------------------------

class Server:
    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(16)
        self.port = self.s.getsockname()[1]
        self.peers = []
        self.stopped = False
        self.t = threading.Thread(target=self._loop, daemon=True)
        self.t.start()

    def _loop(self):
        while not self.stopped:
            try:
                c, addr = self.s.accept()
            except OSError:
                return
            self.peers.append(addr[1])
            c.settimeout(2)
            try:
                while c.recv(4096):
                    pass
            except OSError:
                pass
            c.close()

    def close(self):
        self.stopped = True
        try:
            self.s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.s.close()


# ---------------------------------------------------------------------------
# The actions
# ---------------------------------------------------------------------------

PTRACE_ATTACH = r'''
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
child = os.fork()
if child == 0:
    time.sleep(30)
    os._exit(0)
time.sleep(0.2)
if libc.ptrace(16, child, None, None) != 0:          # PTRACE_ATTACH
    sys.exit("PTRACE_ATTACH failed: errno %d" % ctypes.get_errno())
os.waitpid(child, 0)
libc.ptrace(17, child, None, None)                   # PTRACE_DETACH
os.kill(child, 9)
os.waitpid(child, 0)
print(child)
'''

PTRACE_TRACEME = r'''
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace(0, 0, None, None)                        # PTRACE_TRACEME
'''


class Actions:
    """Runs every action once; records what the checks need."""

    def __init__(self, token):
        self.token = token
        self.tmp = tempfile.mkdtemp(prefix="fc-live-act-")
        self.etc_file = "/etc/%s.conf" % token
        self.bin_file = "/usr/bin/%s" % token
        self.link = os.path.join(self.tmp, token + "-shadow")
        self.ptrace_child = None
        self.host_peers = []
        self.ct_peers = []
        self.ct = None
        self.server = Server()
        self.port = self.server.port

    def sh(self, argv, **kw):
        kw.setdefault("env", self.env())
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30, **kw)
        return r

    def run(self):
        t = self.token
        # 1. read a sensitive file (extra argument: the token, read after it)
        self.sh(["cat", "/etc/shadow", "/nonexistent/" + t])
        # 2. create and remove a file below /etc and below /usr/bin
        self.sh(["touch", self.etc_file])
        self.sh(["rm", "-f", self.etc_file])
        self.sh(["touch", self.bin_file])
        self.sh(["rm", "-f", self.bin_file])
        # 3. symlink over a sensitive file
        self.sh(["ln", "-s", "/etc/shadow", self.link])
        # 4. ptrace: attach to a sleeping child, and an anti-debug TRACEME
        r = self.sh([PYTHON, "-c", PTRACE_ATTACH, t])
        check(r.returncode == 0, "ptrace action ran", r.stderr)
        if r.returncode == 0:
            self.ptrace_child = int(r.stdout.strip())
        self.sh([PYTHON, "-c", PTRACE_TRACEME, t])
        # 5. network tools on the host: socat connects, socat with EXEC
        port = self.port
        n = len(self.server.peers)
        self.sh(["socat", "-u", "OPEN:/dev/null", "TCP:127.0.0.1:%d" % port], env=self.env())
        self.sh(["socat", "TCP:127.0.0.1:%d" % port, "EXEC:/bin/true,nofork"], env=self.env())
        self.wait_peers(n + 2)
        self.host_peers = self.server.peers[n:]
        # 6. a shell with a terminal in a (fake) docker container, started by
        # a parent named like the container runtime; it runs network tools
        self.ct = FakeContainer(t)
        runc = os.path.join(self.tmp, "runc")
        os.symlink(shutil.which("script"), runc)
        inner = ("nc -z 127.0.0.1 {p}; socat -u OPEN:/dev/null TCP:127.0.0.1:{p}; "
                 "socat TCP:127.0.0.1:{p} EXEC:/bin/true,nofork; "
                 "echo {t} >/dev/tcp/127.0.0.1/{p}; exit 0").format(p=port, t=t)
        n = len(self.server.peers)
        env = self.env()
        env["SHELL"] = "/bin/bash"
        r = self.sh([runc, "-qec", inner, "/dev/null"], env=env, preexec_fn=self.ct.preexec,
                    stdin=subprocess.DEVNULL)
        check(r.returncode == 0, "terminal shell action ran", r.stdout + r.stderr)
        self.wait_peers(n + 4)
        self.ct_peers = self.server.peers[n:]
        self.server.close()

    def wait_peers(self, n):
        end = time.time() + 5
        while len(self.server.peers) < n and time.time() < end:
            time.sleep(0.05)

    def env(self):
        e = dict(os.environ)
        e["FC_LIVE_TOKEN"] = self.token
        return e

    def cleanup(self):
        for f in (self.etc_file, self.bin_file):
            try:
                os.unlink(f)
            except OSError:
                pass
        if self.server:
            self.server.close()
        if self.ct:
            self.ct.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)


def of(alerts, rule, **fields):
    """Alerts of RULE whose output_fields match FIELDS (value, or a callable;
    "a__b" names field a.b, "tag__a__b" the tag rule's a.b)."""
    res = []
    for a in alerts:
        if a.get("rule") != rule:
            continue
        ok = True
        for k, v in fields.items():
            f = a.get("output_fields", {})
            if k.startswith("tag__"):  # a field printed by the tag rule
                f, k = a.get("tag", {}), k[5:]
            k = k.replace("__", ".")
            got = f.get(k)
            if callable(v):
                if not v(got):
                    ok = False
            elif got != v:
                ok = False
        if ok:
            res.append(a)
    return res


def has(s):
    return lambda v: isinstance(v, str) and s in v


def mine(alerts):
    """The alerts caused by this run's actions: those on an event the tag rule
    also matched. Each gets "tag", the tag rule's output_fields."""
    tags = {}
    for a in alerts:
        if a.get("rule") == "livetest tag":
            tags[a["output_fields"]["evt.time"]] = a["output_fields"]
    res = []
    for a in alerts:
        t = tags.get(a.get("output_fields", {}).get("evt.time"))
        if t is not None and a.get("rule") != "livetest tag":
            a["tag"] = t
            res.append(a)
    return res


def summary(alerts):
    """One line per alert (for the log)."""
    for a in alerts:
        f = a.get("output_fields", {})
        t = a.get("tag", {})
        print("  alert: %-45s proc=%s fd=%s ct=%s" % (a["rule"], t.get("proc.name"),
                                                    t.get("fd.name"), t.get("container.id")))
