#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""-V, -L, -l and --list: text and falco's JSON shapes, exit codes, and
file:line:col diagnostics. Skips (77) only while the loader or compiler is a
stub answering "not supported"."""
import json
import os
import re

from fcli import DEVNULL_RULE, OTHER_RULE, UPSTREAM, check, done, run, skip, tmpdir, unsupported, write

d = tmpdir()
good = write(os.path.join(d, "good.yaml"), DEVNULL_RULE + OTHER_RULE)
bad = write(os.path.join(d, "bad.yaml"), """\
- rule: Broken
  desc: unknown field
  condition: evt.type = open and proc.nmae = bash
  output: "x %proc.name"
  priority: WARNING
""")
yamlbad = write(os.path.join(d, "yamlbad.yaml"), "- rule: x\n  desc: [unclosed\n")

p = run("-V", good)
if unsupported(p):
    skip("loader/compiler still 'not supported'")

check(p.returncode == 0, "-V good file exits 0", p.stdout + p.stderr)
check(p.stdout.strip() == "%s: Ok" % good, "-V good file prints 'FILE: Ok'", p.stdout)

p = run("-V", bad)
check(p.returncode == 1, "-V bad file exits 1", p.stdout + p.stderr)
check(p.stdout.startswith("%s: Invalid\n" % bad), "-V bad file prints 'FILE: Invalid'", p.stdout)
check(re.search(re.escape(bad) + r":3:\d+: error", p.stdout) is not None,
      "-V bad file shows file:line:col of the error", p.stdout)
check("proc.nmae" in p.stdout and "^" in p.stdout, "-V shows the offending source line and a caret", p.stdout)

p = run("-V", yamlbad)
check(p.returncode == 1 and re.search(re.escape(yamlbad) + r":\d+:\d+:", p.stdout) is not None,
      "-V YAML error has file:line:col", p.stdout)

p = run("-V", os.path.join(d, "nope.yaml"))
check(p.returncode == 1 and "Invalid" in p.stdout, "-V missing file is invalid, exit 1", p.stdout + p.stderr)

# several files: each reported, one invalid makes the exit 1
p = run("-V", good, "-V", bad)
check(p.returncode == 1, "-V good -V bad exits 1")
check("%s: Ok" % good in p.stdout and "%s: Invalid" % bad in p.stdout, "-V reports each file", p.stdout)

# JSON: falco_load_results
p = run("-o", "json_output=true", "-V", good, "-V", bad)
try:
    j = json.loads(p.stdout)
except ValueError:
    j = None
check(j is not None, "-V with json_output prints one JSON object", p.stdout[:500])
if j:
    r = j.get("falco_load_results", [])
    check(len(r) == 2, "falco_load_results has one entry per file")
    if len(r) == 2:
        check(r[0]["name"] == good and r[0]["successful"] is True and r[0]["errors"] == [],
              "good file: successful, no errors", json.dumps(r[0])[:400])
        check(r[1]["name"] == bad and r[1]["successful"] is False and len(r[1]["errors"]) >= 1,
              "bad file: unsuccessful, errors listed", json.dumps(r[1])[:400])
        for e in r[1]["errors"]:
            check(set(["context", "code", "codedesc", "message"]) <= set(e), "error has context/code/codedesc/message")
            check(e["code"].startswith("LOAD_ERR_"), "error code is a LOAD_ERR_* name", e["code"])
            locs = e["context"]["locations"]
            check(all(set(["item_type", "item_name", "position"]) <= set(l) for l in locs),
                  "locations have item_type/item_name/position")
            check(all(set(["name", "line", "column", "offset"]) <= set(l["position"]) for l in locs),
                  "positions have name/line/column/offset")
            check("snippet" in e["context"], "context has a snippet")
        check("warnings" in r[1], "results have warnings")

# -L / -l
p = run("-r", good, "-L")
check(p.returncode == 0, "-L exits 0", p.stderr)
lines = p.stdout.splitlines()
check(len(lines) >= 2 and lines[0].startswith("Rule") and "Description" in lines[0] and lines[1].startswith("----"),
      "-L prints falco's two-column header", p.stdout[:300])
check(any(l.startswith("Open dev null ") and "cat opens /dev/null" in l for l in lines), "-L lists each rule with its description")
p = run("-r", good, "-L", "-o", "json_output=true")
try:
    j = json.loads(p.stdout)
except ValueError:
    j = None
check(j is not None and set(["required_engine_version", "required_plugin_versions", "rules", "macros", "lists"]) <= set(j),
      "-L JSON has falco's describe keys", p.stdout[:300])
if j:
    info = j["rules"][0]["info"]
    check(set(["name", "condition", "priority", "output", "description", "enabled", "source", "tags"]) <= set(info),
          "-L JSON rule info keys")
    check(info["name"] == "Open dev null" and info["priority"] == "Warning" and info["source"] == "syscall",
          "-L JSON rule values", json.dumps(info))
ml = write(os.path.join(d, "ml.yaml"), """\
- required_engine_version: 0.26.0
- list: my_bins
  items: [cat, dog]
- macro: my_open
  condition: evt.type in (open, openat)
- rule: Uses both
  desc: d
  condition: my_open and proc.name in (my_bins)
  output: "x %proc.name"
  priority: INFO
""")
p = run("-r", ml, "-L", "-o", "json_output=true")
try:
    j = json.loads(p.stdout)
except ValueError:
    j = {}
check(j.get("required_engine_version") == "0.26.0", "-L JSON required_engine_version", p.stdout[:300])
check([l["info"] for l in j.get("lists", [])] == [{"name": "my_bins", "items": ["cat", "dog"]}],
      "-L JSON lists with items", json.dumps(j.get("lists")))
check([m["info"]["name"] for m in j.get("macros", [])] == ["my_open"] and
      "evt.type in" in j["macros"][0]["info"]["condition"], "-L JSON macros with condition", json.dumps(j.get("macros")))
check(j.get("rules") and j["rules"][0]["info"]["priority"] == "Informational", "-L JSON priority name")
p = run("-r", good, "-l", "Open libc")
check(p.returncode == 0 and "Open libc" in p.stdout and "Open dev null" not in p.stdout, "-l describes one rule", p.stdout)
p = run("-r", good, "-l", "No such rule")
check(p.returncode == 1 and "No such rule" in p.stderr, "-l unknown rule exits 1", p.stderr)

# upstream rules validate
up = os.path.join(UPSTREAM, "falcosecurity-rules", "falco_rules.yaml")
if os.path.exists(up):
    p = run("-V", up)
    check(p.returncode == 0 and p.stdout.startswith(up + ": Ok"), "-V upstream falco_rules.yaml is Ok", p.stdout[:500])

# bad rules at startup: exit 1 with diagnostics
p = run("-r", bad, "--dry-run")
check(p.returncode == 1 and re.search(re.escape(bad) + r":3:\d+:", p.stderr) is not None,
      "startup with a bad rules file exits 1 with file:line:col", p.stderr)
p = run("-r", good, "--dry-run")
check(p.returncode == 0, "--dry-run with good rules exits 0", p.stderr)

# --dump-bytecode
p = run("-r", good, "--dump-bytecode", "Open dev null")
check(p.returncode == 0 and p.stdout.strip() != "", "--dump-bytecode prints a listing", p.stderr)
p = run("-r", good, "--dump-bytecode", "nope")
check(p.returncode == 1, "--dump-bytecode unknown rule exits 1")
# a syscall rule with no event-type restriction warns LOAD_NO_EVTTYPE (exit 0)
noevt = write(os.path.join(d, "noevt.yaml"), """\
- rule: Any event of cat
  desc: matches every event type
  condition: proc.name = cat
  output: "cat did something (evt=%evt.type)"
  priority: INFO
""")
p = run("-V", noevt)
check(p.returncode == 0 and "Ok, with warnings" in p.stdout, "-V: a rule matching all event types is valid with warnings",
      p.stdout + p.stderr)
check("no-evttype" in p.stdout + p.stderr, "-V: the no-evttype warning is reported", p.stdout + p.stderr)

done("cli-validate")
