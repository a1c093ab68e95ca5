#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Live benchmark: falcocore capturing with the eBPF probe and Falco's stable
rules (pinned to CPU 0) while bench/syscall_gen (pinned to CPU 1) makes
syscalls at increasing rates.

  live_bench.py FALCOCORE SYSCALL_GEN [SECONDS]

For each run it prints the generator's syscalls/s and ns per syscall, the
added ns per syscall against the same run without falcocore, falcocore's
events/s (processed), its kernel and userspace drops (its "Live capture:"
line) and its CPU share (utime+stime from /proc/PID/stat over the run).
Needs root (BPF); prints a notice and exits 0 when the probe cannot load."""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

FC, GEN = sys.argv[1], sys.argv[2]
SECS = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
UPSTREAM = os.environ.get("FC_UPSTREAM", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "..", "shared", "upstream"))
STABLE = os.path.join(UPSTREAM, "falcosecurity-rules", "falco_rules.yaml")
HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1
FC_CPU, GEN_CPU = "0", ("1" if NCPU > 1 else "0")


def gen(mode, rate=0):
    out = subprocess.run(["taskset", "-c", GEN_CPU, GEN, mode, str(SECS), str(rate)],
                         capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out)}


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def with_falcocore(mode, rate):
    err = tempfile.TemporaryFile(mode="w+")
    p = subprocess.Popen(["taskset", "-c", FC_CPU, FC, "-M", "600", "-r", STABLE,
                          "-o", "json_output=true"],
                         stdout=subprocess.DEVNULL, stderr=err)
    end = time.time() + 60
    while True:
        err.seek(0)
        text = err.read()
        if "Capturing system calls live" in text:
            break
        if p.poll() is not None or time.time() > end:
            p.kill()
            return None, text.strip().splitlines()[-1] if text.strip() else "no output"
        time.sleep(0.05)
    time.sleep(0.3)
    c0, t0 = cpu_ticks(p.pid), time.time()
    g = gen(mode, rate)
    time.sleep(0.2)
    c1, t1 = cpu_ticks(p.pid), time.time()
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=120)
    err.seek(0)
    text = err.read()
    m = re.search(r"Live capture: (\d+) events captured, (\d+) processed, (\d+) dropped in the "
                  r"kernel.*?, (\d+) dropped in userspace", text)
    if not m:
        return None, "no 'Live capture' line: " + text[-300:]
    cap, proc, dk, du = (int(x) for x in m.groups())
    g["cpu"] = (c1 - c0) / HZ / (t1 - t0)
    g["captured"], g["processed"], g["drop_k"], g["drop_u"] = cap, proc, dk, du
    g["events_s"] = proc / (t1 - t0 + 0.5)  # capture window: run + settle times
    return g, None


def main():
    print("live benchmark: %s, stable rules %s, %.1fs per run, falcocore on CPU %s, "
          "generator on CPU %s" % (FC, STABLE, SECS, FC_CPU, GEN_CPU))
    base = {m: gen(m) for m in ("getppid", "open")}
    for m, b in base.items():
        print("baseline %-8s %12.0f syscalls/s  %7.1f ns/syscall" % (m, b["rate"],
                                                                     b["ns_per_syscall"]))
    runs = [("getppid", 0), ("open", 100000), ("open", 200000), ("open", 400000),
            ("open", 800000), ("open", 0)]
    print("%-8s %10s %12s %10s %9s %12s %10s %10s %7s" % (
        "mode", "target/s", "syscalls/s", "ns/sys", "+ns/sys", "events/s", "drop_k",
        "drop_u", "fc_cpu"))
    for mode, rate in runs:
        g, why = with_falcocore(mode, rate)
        if g is None:
            print("falcocore could not run live (%s): no figures" % why)
            return 0
        added = g["ns_per_syscall"] - base[mode]["ns_per_syscall"] if rate == 0 else float("nan")
        print("%-8s %10s %12.0f %10.1f %9.1f %12.0f %10d %10d %6.0f%%" % (
            mode, rate or "max", g["rate"], g["ns_per_syscall"], added, g["events_s"],
            g["drop_k"], g["drop_u"], 100 * g["cpu"]))
        sys.stdout.flush()
    print("(+ns/sys: added cost per syscall at the unpaced maximum against the baseline; "
          "events/s: events falcocore processed over the capture window, all processes; "
          "open = openat + close, 2 syscalls per loop)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
