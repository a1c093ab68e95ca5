#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Replay benchmark against libsinsp (issue 10): the same capture is filtered
by Debian's sysdig (libsinsp) and by libfalcocore with the same 50 OR'ed
conditions, sampled from the shapes of the stable ruleset's macros and
conditions (process names, parent names, file prefixes, command lines,
container ids, compound evt.type conditions). Nothing in the workload
matches them, so the cost is filtering, not output.

Printed: ns/event for each tool, parse-only and with the 50 conditions, and
the ratio. sysdig is measured as CPU time (user + sys) of the whole process
per event of the capture (startup included, ~40 ms); libfalcocore both as
bench_replay's in-memory median (decode + state + evaluation) and as CPU
time of the `falcocore` CLI replaying the file (startup, rules loading,
reading included).

usage: compare_sysdig.py --replay BENCH_REPLAY [--cli FALCOCORE]
                         [--gen GEN_WORKLOAD] [--runs N] CAPTURE
CAPTURE is generated with GEN_WORKLOAD (1 M events) when missing.
Not a test: it exits 0 when sysdig is missing (nothing to compare).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

PROCS = ["nc", "ncat", "nmap", "socat", "tcpdump", "xmrig", "minerd", "hydra", "mimikatz", "john"]
PREFIXES = ["/etc/sudoers", "/root/.ssh", "/etc/pam.d", "/boot", "/lib/modules",
            "/dev/mem", "/etc/kubernetes/pki", "/var/run/secrets/kubernetes.io", "/proc/kcore",
            "/etc/gshadow"]
PARENTS = ["httpd", "php-fpm", "java", "node", "ruby", "perl", "mysqld", "postgres",
           "redis-server", "mongod"]
CMDLINES = ["-e /bin/sh", "base64 -d", "/dev/tcp/", "chmod +s", "wget http", "curl -o /tmp",
            "nc -l", "--privileged", "insmod ", "history -c"]
CONTAINERS = ["0123456789ab", "deadbeef0001", "cafebabe0002", "feedface0003", "abad1dea0004"]
COMPOUND = [
    "(evt.type in (execve, execveat) and evt.dir=< and proc.name in (shred, wipe, srm))",
    "(evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar=f "
    "and fd.directory in (/bin, /sbin, /usr/bin, /usr/sbin))",
    "(evt.type=connect and evt.dir=< and fd.sport in (4444, 1337, 31337))",
    "(evt.type in (setuid, setgid) and evt.dir=> and user.name=nobody)",
    "(evt.type=execve and evt.dir=< and proc.pname=runc and proc.tty!=0 and proc.name=bash)",
]


def conditions():
    c = ["proc.name=%s" % p for p in PROCS]
    c += ["fd.name startswith %s" % p for p in PREFIXES]
    c += ["proc.pname=%s" % p for p in PARENTS]
    c += ['proc.cmdline contains "%s"' % s for s in CMDLINES]
    c += ["container.id=%s" % s for s in CONTAINERS]
    c += COMPOUND
    assert len(c) == 50
    return c


def rusage_cpu(cmd):
    """Runs cmd with output to /dev/null; returns (rc, CPU seconds)."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.stderr.write("compare_sysdig: %s: exit %d\n%s" % (cmd[0], rc, err[-2000:]))
    return rc, ru.ru_utime + ru.ru_stime


def median_cpu(cmd, runs):
    times = []
    for _ in range(runs):
        rc, t = rusage_cpu(cmd)
        if rc != 0:
            return None
        times.append(t)
    return statistics.median(times), min(times), max(times)


REPLAY_RE = re.compile(r"^(.*?)\s+events=(\d+) runs=\d+ ns/event median=([\d.]+) "
                       r"min=([\d.]+) max=([\d.]+)")


def bench_replay(replay, rules, capture, runs):
    out = subprocess.run([replay, "-n", str(runs), "-r", rules, capture], check=True,
                         capture_output=True, text=True).stdout
    sys.stdout.write(out)
    rows = [REPLAY_RE.match(l) for l in out.splitlines()]
    rows = [r for r in rows if r]
    return int(rows[0].group(2)), float(rows[0].group(3)), float(rows[1].group(3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--replay", required=True)
    ap.add_argument("--cli")
    ap.add_argument("--gen")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("capture")
    a = ap.parse_args()

    sysdig = shutil.which("sysdig")
    if not sysdig:
        print("compare_sysdig: sysdig not installed; nothing to compare")
        return 0
    if not os.path.exists(a.capture):
        if not a.gen:
            sys.stderr.write("compare_sysdig: %s missing and no --gen\n" % a.capture)
            return 1
        subprocess.run([a.gen, "-n", "1000000", a.capture], check=True)

    conds = conditions()
    filt = " or ".join(conds)
    with tempfile.TemporaryDirectory() as tmp:
        rules = os.path.join(tmp, "or50.yaml")
        with open(rules, "w") as f:
            f.write("- rule: or50\n  desc: 50 OR'ed conditions (compare_sysdig.py)\n"
                    "  condition: >\n    %s\n  output: or50 %%proc.name %%fd.name\n"
                    "  priority: WARNING\n" % filt)
        empty = os.path.join(tmp, "empty.yaml")
        with open(empty, "w") as f:
            f.write("[]\n")
        with open(os.path.join(tmp, "filter.txt"), "w") as f:
            f.write(filt)

        print("capture: %s (%d bytes)" % (a.capture, os.path.getsize(a.capture)))
        print("falcocore bench_replay (in memory; decode + state + evaluation):")
        n, fc_parse, fc_or50 = bench_replay(a.replay, rules, a.capture, max(5, a.runs))
        print("sysdig %s (CPU time of the process, %d runs):" % (sysdig, a.runs))
        sd_parse = median_cpu([sysdig, "-r", a.capture, "evt.num=0"], a.runs)
        sd_or50 = median_cpu([sysdig, "-r", a.capture, filt], a.runs)
        if not sd_parse or not sd_or50:
            print("compare_sysdig: sysdig could not read %s" % a.capture)
            return 1
        cli = None
        if a.cli:
            cli = median_cpu([a.cli, "-r", rules, "-e", a.capture], a.runs)
            cli_parse = median_cpu([a.cli, "-r", empty, "-e", a.capture], a.runs)

    def ns(t):
        return t[0] * 1e9 / n

    print("events in the capture: %d (sysdig 0.29.3 skips event types it does not know, "
          "e.g. accept4 from libs >= 0.13; they are counted for both)" % n)
    print("%-44s %12s %12s" % ("", "parse-only", "50 OR'ed"))
    print("%-44s %9.1f ns %9.1f ns" % ("sysdig (libsinsp), CPU/event", ns(sd_parse), ns(sd_or50)))
    print("%-44s %9.1f ns %9.1f ns" % ("falcocore bench_replay, median/event", fc_parse, fc_or50))
    if cli:
        print("%-44s %9.1f ns %9.1f ns" % ("falcocore CLI -e, CPU/event", ns(cli_parse), ns(cli)))
    print("ratio sysdig / falcocore (bench_replay): parse-only %.1fx, 50 OR'ed %.1fx"
          % (ns(sd_parse) / fc_parse, ns(sd_or50) / fc_or50))
    if cli:
        print("ratio sysdig / falcocore (CLI, CPU time): parse-only %.1fx, 50 OR'ed %.1fx"
              % (ns(sd_parse) / ns(cli_parse), ns(sd_or50) / ns(cli)))
    print("filter cost only (50 OR'ed - parse-only): sysdig %.1f ns, falcocore %.1f ns (%.1fx)"
          % (ns(sd_or50) - ns(sd_parse), fc_or50 - fc_parse,
             (ns(sd_or50) - ns(sd_parse)) / max(fc_or50 - fc_parse, 0.1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
