#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""--list, -N, --format and --list-events over the registered sources.
Skips (77) only while the syscall source is a stub."""
import json

from fcli import check, done, run, skip, unsupported

p = run("--list")
if unsupported(p):
    skip("syscall source still 'not supported'")
check(p.returncode == 0, "--list exits 0", p.stderr)
check("proc.name" in p.stdout and "evt.type" in p.stdout, "--list shows syscall fields")
check("Field Class:" in p.stdout and "Event Sources:" in p.stdout, "--list groups by field class")
p = run("--list=syscall", "-N")
names = p.stdout.split()
check(p.returncode == 0 and "proc.name" in names and all(" " not in n for n in p.stdout.splitlines()),
      "--list=syscall -N prints names only")
p = run("--list", "syscall", "--format", "json")
j = json.loads(p.stdout)
check(j[0]["source"] == "syscall" and any(f["name"] == "fd.name" for f in j[0]["fields"]),
      "--list --format json has source and fields")
f = [f for f in j[0]["fields"] if f["name"] == "proc.pid"]
check(f and set(["name", "type", "desc"]) <= set(f[0]), "json fields have name/type/desc")
p = run("--list", "--format", "markdown")
check(p.returncode == 0 and "| " in p.stdout and "`proc.name`" in p.stdout, "--list --format markdown")
p = run("--list=nope")
check(p.returncode == 1 and "nope" in p.stderr, "--list=unknown source exits 1")
p = run("--list-events")
check(p.returncode == 0 and "open" in p.stdout.split() and "execve" in p.stdout.split(), "--list-events lists syscalls")
p = run("--list-events", "--format", "json")
j = json.loads(p.stdout)
check("openat" in j[0]["events"], "--list-events json")
p = run("--list=k8s_audit", "-N")
check(p.returncode == 0 and "ka.verb" in p.stdout.split() and "proc.name" not in p.stdout.split(),
      "--list=k8s_audit lists the ka.* fields only", p.stderr)
done("cli-list")
