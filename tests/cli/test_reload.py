#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Long-running operation, fed through a FIFO replay that the test keeps
open: SIGHUP reloads rules without a restart (the next events use the new
rules), a broken rules file on reload keeps the old rules and says why,
SIGUSR1 reopens the output file (log rotation), metrics snapshots appear,
SIGTERM stops cleanly while blocked on input. Skips (77) only while replay
or rules are stubs."""
import gzip
import os
import queue
import signal
import struct
import subprocess
import threading
import time

from fcli import CMD, DEVNULL_RULE, OTHER_RULE, check, done, replay_ready, tmpdir, write

d = tmpdir()
rules = write(os.path.join(d, "rules.yaml"), DEVNULL_RULE)
cap = replay_ready(rules)

# split the capture into header blocks and event blocks (pcapng-like blocks)
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
    def __init__(self, *args):
        self.fifo = os.path.join(d, "fifo%d" % time.monotonic_ns())
        os.mkfifo(self.fifo)
        env = dict(os.environ, FALCO_HOSTNAME="fc-test-host")
        self.p = subprocess.Popen([*CMD, "-U", "-e", self.fifo, *args], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env)
        self.out, self.err = queue.Queue(), queue.Queue()
        self.all_out, self.all_err = [], []
        for stream, q, acc in [(self.p.stdout, self.out, self.all_out), (self.p.stderr, self.err, self.all_err)]:
            threading.Thread(target=self._pump, args=(stream, q, acc), daemon=True).start()
        self.w = open(self.fifo, "wb")  # blocks until falcocore opens it
        self.w.write(header)
        self.w.flush()

    @staticmethod
    def _pump(stream, q, acc):
        for line in stream:
            acc.append(line.rstrip("\n"))
            q.put(line.rstrip("\n"))

    def feed(self):
        self.w.write(events)
        self.w.flush()

    def wait_for(self, q, text, timeout=15):
        end = time.monotonic() + timeout
        seen = []
        while time.monotonic() < end:
            try:
                l = q.get(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                break
            seen.append(l)
            if text in l:
                return seen
        return None

    def close(self, timeout=15):
        self.w.close()
        try:
            self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        time.sleep(0.1)
        return self.p.returncode


# ---- SIGHUP with a changed rules file ----
pr = Proc("-r", rules)
pr.feed()
check(pr.wait_for(pr.out, "Dev null opened") is not None, "first rules fire")
write(rules, OTHER_RULE)
pr.p.send_signal(signal.SIGHUP)
check(pr.wait_for(pr.err, "new rules ready") is not None, "SIGHUP: new rules compiled", "\n".join(pr.all_err))
pr.feed()
seen = pr.wait_for(pr.out, "Libc opened")
check(seen is not None, "after SIGHUP the new rule fires without a restart", "\n".join(pr.all_out))
check(seen is not None and not any("Dev null opened" in l for l in seen), "after SIGHUP the old rule no longer fires")
check(pr.p.poll() is None, "still the same process")

# ---- SIGHUP with a broken rules file: keep the old rules, say why ----
write(rules, "- rule: Broken\n  desc: x\n  condition: evt.type = open and proc.nmae = x\n  output: x\n  priority: WARNING\n")
pr.p.send_signal(signal.SIGHUP)
check(pr.wait_for(pr.err, "keeping the current") is not None, "bad reload: keeps the current rules", "\n".join(pr.all_err))
check(any("rules.yaml:3:" in l for l in pr.all_err), "bad reload: diagnostics with file:line", "\n".join(pr.all_err))
pr.feed()
check(pr.wait_for(pr.out, "Libc opened") is not None, "bad reload: the old rules still fire")
rc = pr.close()
check(rc == 0, "EOF on the FIFO ends the run with exit 0 (got %s)" % rc, "\n".join(pr.all_err))
check(any(l.startswith("Events detected:") for l in pr.all_out), "summary printed at exit")

# ---- SIGUSR1 reopens the output file (rotation) ----
write(rules, DEVNULL_RULE)
log = os.path.join(d, "alerts.log")
pr = Proc("-r", rules, "-o", "file_output.enabled=true", "-o", "file_output.keep_alive=true",
          "-o", "file_output.filename=" + log)
pr.feed()
check(pr.wait_for(pr.out, "Dev null opened") is not None, "alert before rotation")
time.sleep(0.3)
os.rename(log, log + ".1")
pr.p.send_signal(signal.SIGUSR1)
check(pr.wait_for(pr.err, "reopening outputs") is not None, "SIGUSR1 acknowledged")
pr.feed()
check(pr.wait_for(pr.out, "Dev null opened") is not None, "alert after rotation")
pr.close()
check(os.path.exists(log) and "Dev null opened" in open(log).read(), "SIGUSR1: a new file receives new alerts")
check(open(log + ".1").read().count("Dev null opened") == 1, "the rotated file kept the old alert")

# ---- metrics and SIGTERM while blocked on input ----
mfile = os.path.join(d, "metrics.jsonl")
pr = Proc("-r", rules, "-o", "metrics.enabled=true", "-o", "metrics.interval=200ms",
          "-o", "metrics.output_file=" + mfile)
pr.feed()
check(pr.wait_for(pr.out, "Falco metrics snapshot") is not None, "metrics snapshot alert appears", "\n".join(pr.all_out))
t0 = time.monotonic()
pr.p.send_signal(signal.SIGTERM)
try:
    pr.p.wait(timeout=10)
except subprocess.TimeoutExpired:
    pr.p.kill()
    pr.p.wait()
check(pr.p.returncode == 0 and time.monotonic() - t0 < 5, "SIGTERM stops cleanly while blocked on the FIFO",
      "rc=%s\n%s" % (pr.p.returncode, "\n".join(pr.all_err)))
try:
    pr.w.close()
except BrokenPipeError:
    pass
import json
ml = [json.loads(l) for l in open(mfile)] if os.path.exists(mfile) else []
check(ml and ml[-1]["output_fields"]["falcocore.n_evts"] > 0, "metrics.output_file gets JSON lines with counters")

# ---- -M stops after N seconds ----
pr = Proc("-r", rules, "-M", "1")
t0 = time.monotonic()
try:
    pr.p.wait(timeout=10)
except subprocess.TimeoutExpired:
    pr.p.kill()
    pr.p.wait()
check(pr.p.returncode == 0 and time.monotonic() - t0 < 5, "-M 1 stops after about a second")
try:
    pr.w.close()
except BrokenPipeError:
    pass
done("cli-reload")
