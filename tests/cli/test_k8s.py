#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""k8s audit input of the falcocore CLI, with Falco's upstream
k8s_audit_rules.yaml:
(a) files: `-e FIXTURE.json` (JSON detected by content), --k8s-audit-file
    (also stdin) and the k8saudit plugin's file open_params fire the rules
    listed in tests/k8s/expected.txt, in text and JSON (source "k8s_audit");
    the benign fixture fires nothing; a malformed file fails with its line;
    bad webserver/plugin settings are refused;
(b) live: syscall replay (a FIFO kept open) and the webhook in one process:
    POSTed batches alert on stdout next to syscall alerts, a malformed body
    gets 400, /healthz 200, /metrics counts events by source; SIGHUP switches
    the webhook's rules too; SIGTERM stops cleanly. Loopback only."""
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from fcli import (CAPTURES, DEVNULL_RULE, EXE, UPSTREAM, check, done, replay_ready, run, skip,
                  tmpdir, write)

SRC = os.environ.get("FC_SRC_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(SRC, "tests", "k8s")
K8S_RULES = os.path.join(UPSTREAM, "falcosecurity-plugins", "k8s_audit_rules.yaml")
if not os.path.exists(K8S_RULES):
    skip("no upstream k8s_audit_rules.yaml at %s (FC_UPSTREAM)" % K8S_RULES)
d = tmpdir()


def expected():
    out = []
    for line in open(os.path.join(FIX, "expected.txt")):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f, want = line.split(": ", 1)
        out.append((f, [] if want == "-" else [w.strip() for w in want.split(";")]))
    return out


def summary_rules(stdout):
    """Rule names from the 'Triggered rules by rule name:' summary."""
    names, on = set(), False
    for l in stdout.splitlines():
        if l.startswith("Triggered rules by rule name:"):
            on = True
        elif on and l.startswith("   "):
            names.add(l.strip().rsplit(":", 1)[0])
    return names


# ---- (a) files ----
BASE = ["-r", K8S_RULES, "-o", "rule_matching=all"]
cases = expected()
check(len(cases) >= 10, "expected.txt lists the fixtures (%d)" % len(cases))
for f, want in cases:
    path = os.path.join(FIX, f)
    p = run(*BASE, "-e", path)
    fired = summary_rules(p.stdout)
    if not want:
        check(p.returncode == 0 and "Events detected: 0" in p.stdout and not fired,
              "-e %s: benign events fire nothing" % f, p.stdout + p.stderr)
        continue
    check(p.returncode == 0 and all(w in fired for w in want),
          "-e %s: fires %s" % (f, "; ".join(want)), "rc=%d fired=%s\n%s" % (p.returncode, sorted(fired), p.stderr[-2000:]))
    # JSON output: the rule and source of each alert
    p = run(*BASE, "-e", path, "-o", "json_output=true")
    alerts = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    check(p.returncode == 0 and all(any(a["rule"] == w for a in alerts) for w in want)
          and all(a["source"] == "k8s_audit" for a in alerts),
          "-e %s, json_output: rules %s with source k8s_audit" % (f, want), p.stdout[-2000:])

# the text line of a known alert, and the start-up messages
p = run(*BASE, "-e", os.path.join(FIX, "privileged_pod.json"))
lines = [l for l in p.stdout.splitlines() if re.match(r"^\d\d:\d\d:\d\d\.\d{9}: Warning ", l)]
check(len(lines) == 1 and "Pod started with privileged container" in lines[0] and "pod=priv-pod" in lines[0],
      "text alert line for the privileged pod", p.stdout)
check("Enabled event sources: k8s_audit" in p.stderr and "1 events read" in p.stderr,
      "-e FILE.json runs the k8s_audit input only (nodriver)", p.stderr[-1500:])

# content detection: a JSON file without a .json name
odd = os.path.join(d, "audit.log")
write(odd, "\n  " + open(os.path.join(FIX, "privileged_pod.json")).read())
p = run(*BASE, "-e", odd)
check(p.returncode == 0 and "Create Privileged Pod" in summary_rules(p.stdout),
      "-e detects JSON by content (leading blanks, .log name)", p.stderr[-1500:])

# --k8s-audit-file from stdin, with the syscall input off
body = open(os.path.join(FIX, "hostnetwork_pod.json")).read()
p = run(*BASE, "--k8s-audit-file", "-", "--disable-source", "syscall", input=body)
check(p.returncode == 0 and "Create HostNetwork Pod" in summary_rules(p.stdout),
      "--k8s-audit-file - (stdin) with --disable-source syscall", p.stdout + p.stderr[-1500:])

# the k8saudit plugin's configuration with a file as open_params
p = run(*BASE, "-o", "engine.kind=nodriver", "-o", "load_plugins=[k8saudit, json]",
        "-o", "plugins=[{name: k8saudit, library_path: libk8saudit.so, open_params: '%s'}, "
              "{name: json, library_path: libjson.so}]" % os.path.join(FIX, "exec_pod.json"))
check(p.returncode == 0 and "Attach/Exec Pod" in summary_rules(p.stdout),
      "plugins: k8saudit with a file path as open_params", p.stdout + p.stderr[-1500:])
# load_plugins without k8saudit: the entry is not loaded (idle, stopped by -M)
p = run(*BASE, "-M", "1", "-o", "engine.kind=nodriver", "-o", "load_plugins=[]",
        "-o", "plugins=[{name: k8saudit, open_params: '%s'}]" % os.path.join(FIX, "exec_pod.json"))
check(p.returncode == 0 and "Events detected: 0" in p.stdout, "load_plugins: [] loads no k8saudit input",
      p.stdout + p.stderr[-1000:])
p = run(*BASE, "-M", "1", "-o", "engine.kind=nodriver", "-o", "load_plugins=[cloudtrail]",
        "-o", "plugins=[{name: cloudtrail, library_path: libcloudtrail.so}]")
check(p.returncode == 0 and "plugin 'cloudtrail' is not available" in p.stderr,
      "an unsupported plugin is ignored with a warning", p.stderr[-1000:])

# malformed audit file: error with the line, exit 1
bad = write(os.path.join(d, "bad.json"), '{"kind":"Event","auditID":"1","verb":"get"}\n{"kind": oops}\n')
p = run(*BASE, "-e", bad)
check(p.returncode == 1 and "bad.json" in p.stderr and "line 2" in p.stderr,
      "malformed audit file: exit 1 with file and line", p.stderr[-800:])
p = run(*BASE, "-e", os.path.join(d, "missing.json"))
check(p.returncode == 1 and "missing.json" in p.stderr, "missing audit file: exit 1", p.stderr[-800:])

# bad settings are refused with the key
for args, msg in [
    (["-o", "webserver.listen_address=not-an-ip", "-o", "webserver.enabled=true"], "webserver.listen_address"),
    (["-o", "webserver.listen_port=70000"], "webserver.listen_port"),
    (["-o", "webserver.enabled=true", "-o", "webserver.ssl_enabled=true"], "webserver.ssl_enabled"),
    (["-o", "load_plugins=[k8saudit]"], "load_plugins[0]"),
    (["-o", "plugins=[{name: k8saudit, open_params: 'https://:9765/k8s-audit'}]"], "https is not supported"),
    (["-o", "plugins=[{name: k8saudit, open_params: 'http://:notaport/k8s-audit'}]"], "bad port"),
    (["-o", "plugins=[{name: k8saudit, open_params: 'http://example.com:9765/x'}]"], "the host must be"),
    (["-o", "plugins=[{name: k8saudit}]"], "open_params: required"),
]:
    p = run(*BASE, "--dry-run", *args)
    check(p.returncode == 1 and msg in p.stderr, "refused: %s" % " ".join(args), p.stderr[-600:])


# ---- (b) live: syscall replay + webhook in one process ----
cap = replay_ready(write(os.path.join(d, "sys.yaml"), DEVNULL_RULE))
import gzip  # noqa: E402
import struct  # noqa: E402

raw = gzip.open(cap).read()
off, first_ev = 0, None
while off < len(raw):
    btype, blen = struct.unpack_from("<II", raw, off)
    if blen == 0:
        break
    if btype in (0x204, 0x205, 0x208, 0x216) and first_ev is None:
        first_ev = off
    off += blen
header, events = raw[:first_ev], raw[first_ev:]


class Proc:
    def __init__(self, *args, fifo=True):
        self.w = None
        cmd = [EXE, "-U", *args]
        if fifo:
            self.fifo = os.path.join(d, "fifo%d" % time.monotonic_ns())
            os.mkfifo(self.fifo)
            cmd += ["-e", self.fifo]
        env = dict(os.environ, FALCO_HOSTNAME="fc-test-host")
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.out, self.err = queue.Queue(), queue.Queue()
        self.all_out, self.all_err = [], []
        for stream, q, acc in [(self.p.stdout, self.out, self.all_out), (self.p.stderr, self.err, self.all_err)]:
            threading.Thread(target=self._pump, args=(stream, q, acc), daemon=True).start()
        if fifo:
            self.w = open(self.fifo, "wb")  # blocks until falcocore opens it
            self.w.write(header)
            self.w.flush()

    @staticmethod
    def _pump(stream, q, acc):
        for line in stream:
            acc.append(line.rstrip("\n"))
            q.put(line.rstrip("\n"))

    def wait_for(self, q, pattern, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                l = q.get(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                break
            m = re.search(pattern, l)
            if m:
                return m
        return None

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        if self.w:
            try:
                self.w.close()
            except BrokenPipeError:
                pass
        time.sleep(0.1)
        return self.p.returncode


def http(method, url, body=None):
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def fixture(name):
    return open(os.path.join(FIX, name), "rb").read()


k8s_small = write(os.path.join(d, "k8s_small.yaml"), """\
- rule: Pod made
  desc: a pod is created
  condition: ka.verb=create and ka.target.resource=pods
  output: "Pod made v1 (pod=%ka.target.name)"
  priority: NOTICE
  source: k8s_audit
""")
WEB = ["-o", "webserver.enabled=true", "-o", "webserver.listen_address=127.0.0.1",
       "-o", "webserver.listen_port=0", "-o", "webserver.prometheus_metrics_enabled=true",
       "-o", "load_plugins=[k8saudit]",
       "-o", "plugins=[{name: k8saudit, open_params: 'http://127.0.0.1:0/k8s-audit'}]"]
pr = Proc("-r", os.path.join(d, "sys.yaml"), "-r", K8S_RULES, "-r", k8s_small, "-o", "rule_matching=all", *WEB)
m = pr.wait_for(pr.err, r"Web server listening on http://127\.0\.0\.1:(\d+)")
check(m is not None, "web server started on a free loopback port", "\n".join(pr.all_err))
if m is None:
    pr.stop()
    done("test_k8s")
base = "http://127.0.0.1:%s" % m.group(1)
check(any("Enabled event sources: syscall, k8s_audit" in l for l in pr.all_err)
      or pr.wait_for(pr.err, "Enabled event sources: syscall, k8s_audit") is not None,
      "both sources enabled in one process", "\n".join(pr.all_err))

st, _ = http("POST", base + "/k8s-audit", fixture("privileged_pod.json"))
check(st == 200, "POST /k8s-audit (one event): 200 (got %s)" % st)
check(pr.wait_for(pr.out, "Pod started with privileged container") is not None, "webhook alert on stdout",
      "\n".join(pr.all_out))
pr.w.write(events)
pr.w.flush()
check(pr.wait_for(pr.out, "Dev null opened") is not None, "syscall alert from the replay, same process",
      "\n".join(pr.all_out))
st, _ = http("POST", base + "/k8s-audit", fixture("eventlist.json"))
check(st == 200 and pr.wait_for(pr.out, "Disallowed namespace created") is not None,
      "POST an EventList: 200 and its alert", "\n".join(pr.all_out))
st, msg = http("POST", base + "/k8s-audit", b'{"kind":"EventList","items":[{"auditID": ')
check(st == 400 and "bad audit event batch" in msg, "malformed body: 400 with a reason (got %s %r)" % (st, msg))
st, msg = http("GET", base + "/k8s-audit")
check(st == 405, "GET on the webhook path: 405 (got %s)" % st)
st, msg = http("GET", base + "/healthz")
check(st == 200 and "ok" in msg, "/healthz: 200 (got %s %r)" % (st, msg))
st, metrics = http("GET", base + "/metrics")


def metric(name):
    mm = re.search(r"^%s (\d+)" % re.escape(name), metrics, re.M)
    return int(mm.group(1)) if mm else None


check(st == 200, "/metrics: 200")
check(metric('falcocore_events_total{source="k8s_audit"}') == 3,
      "/metrics: 3 k8s_audit events (1 + an EventList of 2)", metrics)
check((metric('falcocore_events_total{source="syscall"}') or 0) > 0, "/metrics: syscall events counted", metrics)
check((metric("falcocore_alerts_total") or 0) >= 4 and metric("falcocore_outputs_queue_drops_total") == 0,
      "/metrics: alerts and drops", metrics)
check(metric('falcocore_webhook_audit_batches_total{result="malformed"}') == 1,
      "/metrics: the malformed batch is counted", metrics)
check(metric('falcocore_rule_alerts_total{rule="Create Privileged Pod"}') == 1, "/metrics: alerts by rule", metrics)

# SIGHUP: the webhook's evaluator follows the new rules (the replay is idle)
write(k8s_small, open(k8s_small).read().replace("Pod made v1", "Pod made v2"))
mark = len(pr.all_out)
pr.p.send_signal(signal.SIGHUP)
check(pr.wait_for(pr.err, "switched to the new configuration") is not None, "SIGHUP applied while idle",
      "\n".join(pr.all_err))
http("POST", base + "/k8s-audit", fixture("privileged_pod.json"))
check(pr.wait_for(pr.out, "Pod made v2") is not None, "after SIGHUP the webhook uses the new rules",
      "\n".join(pr.all_out))
check(not any("Pod made v1" in l for l in pr.all_out[mark:]), "the old rule no longer fires on the webhook",
      "\n".join(pr.all_out[mark:]))
t0 = time.monotonic()
rc = pr.stop()
check(rc == 0 and time.monotonic() - t0 < 5, "SIGTERM stops cleanly (exit %s)" % rc, "\n".join(pr.all_err[-5:]))
check(any(l.startswith("Events detected:") for l in pr.all_out), "summary printed at exit")

# webhook on a port of its own (webserver disabled), nodriver: no /healthz there
pr = Proc("-r", K8S_RULES, "-o", "engine.kind=nodriver", "-o", "load_plugins=[k8saudit]",
          "-o", "plugins=[{name: k8saudit, open_params: 'http://127.0.0.1:0'}]", fifo=False)
m = pr.wait_for(pr.err, r"k8s audit webhook listening on http://127\.0\.0\.1:(\d+)/k8s-audit")
check(m is not None, "webhook alone: default path /k8s-audit", "\n".join(pr.all_err))
if m:
    base = "http://127.0.0.1:%s" % m.group(1)
    st, _ = http("POST", base + "/k8s-audit", fixture("nodeport_service.json"))
    check(st == 200 and pr.wait_for(pr.out, "NodePort Service Created") is not None,
          "webhook alone: alert", "\n".join(pr.all_out))
    st, _ = http("GET", base + "/healthz")
    check(st == 404, "webhook alone: no /healthz on the plugin's port (got %s)" % st)
    check(pr.wait_for(pr.err, r"Enabled event sources: k8s_audit$") is not None, "nodriver: no syscall input",
          "\n".join(pr.all_err))
check(pr.stop() == 0, "webhook alone: SIGTERM exit 0")

# an audit stream on stdin kept open: events alert as they arrive, SIGTERM
# interrupts the blocked read
env = dict(os.environ, FALCO_HOSTNAME="fc-test-host")
p = subprocess.Popen([EXE, "-U", *BASE, "-o", "engine.kind=nodriver", "--k8s-audit-file", "-"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
p.stdin.write(fixture("role_wildcard.json").rstrip() + b"\n")
p.stdin.flush()
time.sleep(1.0)
t0 = time.monotonic()
p.send_signal(signal.SIGTERM)
try:
    out, err = p.communicate(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
out, err = out.decode(), err.decode()
check(p.returncode == 0 and time.monotonic() - t0 < 5, "SIGTERM while reading an open stdin: exit 0 (got %s)" % p.returncode,
      err[-800:])
check("ClusterRole With Wildcard Created" in summary_rules(out), "stdin stream: events evaluated as they arrive", out)
done("test_k8s")
