#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Argument and configuration handling: usage errors exit 2 with a message,
configuration errors exit 1, -o key paths, config_files, env expansion,
removed flags with their notice, --support, --version, --help."""
import json
import os

from fcli import check, done, run, tmpdir, write

# ---- usage errors: exit 2, a message, never a crash ----
for args, frag in [
    (["--no-such-flag"], "unknown option '--no-such-flag'"),
    (["-Z"], "unknown option '-Z'"),
    (["-r"], "requires an argument"),
    (["-M", "abc"], "-M"),
    (["-M", "-5"], "-M"),
    (["-o", "novalue"], "KEY=VALUE"),
    (["-o", "=x"], "KEY=VALUE"),
    (["--format", "xml", "--list"], "--format"),
    (["--format", "json"], "--format"),
    (["-N"], "-N"),
    (["stray"], "unexpected argument 'stray'"),
    (["--replay-loop", "0"], "--replay-loop"),
    (["--disable-source", "nope"], "unknown event source"),
    (["-S", "x"], "-S"),
]:
    p = run(*args)
    check(p.returncode == 2, "%s exits 2 (got %d)" % (" ".join(args), p.returncode), p.stderr)
    check(frag in p.stderr, "%s explains itself" % " ".join(args), p.stderr)
    check("Traceback" not in p.stderr and p.returncode >= 0, "%s does not crash" % " ".join(args))

p = run("--help")
check(p.returncode == 0 and "Usage: falcocore" in p.stdout, "--help prints usage, exit 0")
for flag in ["-c FILE", "-o, --option", "-r PATH", "-e FILE", "-V, --validate", "-L", "-l RULE",
             "--list", "--list-events", "-M SECONDS", "-N", "-U, --unbuffered", "-P, --pidfile",
             "--dry-run", "--support", "--version", "--dump-bytecode"]:
    check(flag in p.stdout, "--help mentions %s" % flag)
p = run("--version")
check(p.returncode == 0 and "falcocore version:" in p.stdout and "Engine version:" in p.stdout,
      "--version prints both versions")
p = run("--page-size")
check(p.returncode == 0 and p.stdout.strip().isdigit(), "--page-size prints a number")

# ---- configuration errors: exit 1 with the reason ----
d = tmpdir()
p = run("-c", os.path.join(d, "missing.yaml"), "--support")
check(p.returncode == 1 and "missing.yaml" in p.stderr, "missing -c file exits 1 naming it", p.stderr)
bad = write(os.path.join(d, "bad.yaml"), "a: [1, 2\nb: c\n")
p = run("-c", bad, "--support")
check(p.returncode == 1 and "bad.yaml:" in p.stderr and "YAML" in p.stderr,
      "bad YAML config exits 1 with file:line:col", p.stderr)
for ov, frag in [("priority=loud", "priority"), ("json_output=maybe", "json_output"),
                 ("rule_matching=some", "rule_matching"), ("engine.kind=kmodx", "engine.kind"),
                 ("file_output.enabled=true", "file_output.filename"),
                 ("http_output.enabled=true", "http_output.url"),
                 ("metrics.interval=soon", "metrics.interval"),
                 ("rules=[{enable: {x: 1}}]", "rules[0]"),
                 ("engine.kind=replay", "engine.replay.capture_file")]:
    p = run("-o", ov, "--support")
    check(p.returncode == 1 and frag in p.stderr, "-o %s rejected with exit 1" % ov, p.stderr)
cfg = write(os.path.join(d, "both.yaml"), "rules_file: [a]\nrules_files: [b]\n")
p = run("-c", cfg, "--support")
check(p.returncode == 1 and "rules_file" in p.stderr, "rules_file and rules_files together is an error")

# ---- -o key paths, seen through --support's config ----
def support_cfg(*args, env=None):
    p = run(*args, "--support", env=env)
    check(p.returncode == 0, "--support %s exits 0" % " ".join(args), p.stderr)
    try:
        return json.loads(p.stdout)
    except ValueError:
        check(False, "--support prints JSON", p.stdout[:300])
        return {"config": {}}

s = support_cfg("-o", "a.b.c=1", "-o", "json_output=true", "-o", "l[]=x", "-o", "l[]=y",
                "-o", "l[0]=z", "-o", "m={k: v, n: [1, 2]}", "-o", "q=[a, b]",
                "-o", "rules[].disable.rule=*", "-o", "dot\\.key=1", "-o", "s=hello world")
c = s["config"]
check(c.get("a") == {"b": {"c": 1}}, "-o a.b.c=1 builds nested maps", json.dumps(c))
check(c.get("json_output") is True, "-o json_output=true is a boolean")
check(c.get("l") == ["z", "y"], "-o l[]=... appends and l[0]= replaces", json.dumps(c.get("l")))
check(c.get("m") == {"k": "v", "n": [1, 2]}, "-o key={yaml} sets a mapping", json.dumps(c.get("m")))
check(c.get("q") == ["a", "b"], "-o key=[...] sets a list")
check(c.get("rules") == [{"disable": {"rule": "*"}}], "-o rules[].disable.rule=*", json.dumps(c.get("rules")))
check(c.get("dot.key") == 1, "backslash-escaped dot stays in the key", json.dumps(c))
check(c.get("s") == "hello world", "plain values are strings")
p = run("-o", "l[5]=x", "--support")
check(p.returncode == 1 and "out of range" in p.stderr, "-o list index out of range is an error", p.stderr)
for k in ["version", "engine_info", "cmdline", "config", "rules_files", "system_info"]:
    check(k in s, "--support has key %s" % k)
check(s["engine_info"].get("engine_version"), "--support engine_info.engine_version")

# rules files with contents and digest
rf = write(os.path.join(d, "r.yaml"), "- list: x\n  items: [a]\n")
s = support_cfg("-r", rf)
check(len(s["rules_files"]) == 1 and s["rules_files"][0]["name"] == rf, "--support lists -r files")
v = s["rules_files"][0]["variants"][0]
import hashlib
check(v["content"] == "- list: x\n  items: [a]\n", "--support includes the rules content")
check(v["sha256"] == hashlib.sha256(v["content"].encode()).hexdigest(), "--support sha256 digest is right")

rd = os.path.join(d, "rules.d")
os.mkdir(rd)
write(os.path.join(rd, "b.yaml"), "- list: b\n  items: []\n")
write(os.path.join(rd, "a.yml"), "- list: a\n  items: []\n")
write(os.path.join(rd, "notes.txt"), "not rules")
s = support_cfg("-r", rd)
check([f["name"] for f in s["rules_files"]] == [os.path.join(rd, "a.yml"), os.path.join(rd, "b.yaml")],
      "--support lists a rules directory's .yaml/.yml files in name order", json.dumps(s["rules_files"])[:300])

# config file, config_files merge, env expansion
extra = write(os.path.join(d, "extra.yaml"), "json_output: true\nrules_files: [/two]\n")
main = write(os.path.join(d, "main.yaml"),
             "rules_files: [/one]\nconfig_files: [%s]\nhost: ${FC_TEST_VAR}\nlit: $${FC_TEST_VAR}\n" % extra)
s = support_cfg("-c", main, env={"FC_TEST_VAR": "expanded"})
c = s["config"]
check(c.get("rules_files") == ["/one", "/two"], "config_files append lists", json.dumps(c))
check(c.get("json_output") is True, "config_files adds keys")
check(c.get("host") == "expanded", "${VAR} is expanded in config values")
check(c.get("lit") == "${FC_TEST_VAR}", "$${VAR} is a literal ${VAR}")
check(s.get("config_file") == main, "--support names the config file")
ov = write(os.path.join(d, "ov.yaml"), "rules_files: [/three]\n")
main2 = write(os.path.join(d, "main2.yaml"), "rules_files: [/one]\nconfig_files: [{path: %s, strategy: override}]\n" % ov)
s = support_cfg("-c", main2)
check(s["config"].get("rules_files") == ["/three"], "config_files strategy override replaces")

# ---- removed flags: notice naming the current form, old meaning kept ----
for args, now, key in [(["-D", "shell"], "rules[].disable.rule", ("rules", [{"disable": {"rule": "*shell*"}}])),
                       (["-T", "net"], "rules[].disable.tag", ("rules", [{"disable": {"tag": "net"}}])),
                       (["-t", "net"], "rules[].enable.tag", ("rules", [{"disable": {"rule": "*"}}, {"enable": {"tag": "net"}}])),
                       (["-A"], "base_syscalls.all", ("base_syscalls", {"all": True})),
                       (["-b"], "buffer_format_base64", ("buffer_format_base64", True)),
                       (["-S", "100"], "falco_libs.snaplen", ("falco_libs", {"snaplen": 100}))]:
    p = run(*args, "--support")
    check(p.returncode == 0, "%s still works" % " ".join(args), p.stderr)
    check("removed" in p.stderr and now in p.stderr, "%s notice names %s" % (" ".join(args), now), p.stderr)
    check(len([l for l in p.stderr.splitlines() if "notice" in l]) == 1, "%s notice is one line" % " ".join(args))
    c = json.loads(p.stdout)["config"]
    check(c.get(key[0]) == key[1], "%s has its old meaning" % " ".join(args), json.dumps(c))
p = run("-e", "/x.scap", "--support")
c = json.loads(p.stdout)["config"]
check(c.get("engine") == {"kind": "replay", "replay": {"capture_file": "/x.scap"}},
      "-e FILE equals -o engine.kind=replay -o engine.replay.capture_file=FILE", json.dumps(c))

# live capture: runs for -M seconds and exits 0, or (no probe / no BPF) one
# clear message naming what is missing and the replay alternative, exit 1
p = run("-r", rf, "-o", "engine.kind=modern_ebpf", "-M", "2")
check(p.returncode == 0 or (p.returncode == 1 and "falcocore -e" in p.stderr),
      "engine.kind=modern_ebpf runs for -M seconds or explains why it cannot", p.stderr)

# -P pidfile is removed on exit; --dry-run does not process events
done("cli-args")
