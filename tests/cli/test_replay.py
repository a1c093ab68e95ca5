#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Replay of upstream captures: alert text and JSON shapes field by field,
ISO 8601 time, the final summary, priority and enable/disable settings,
damaged captures. Skips (77) only while replay or rules are stubs."""
import gzip
import json
import os
import re

from fcli import (DEVNULL_RULE, ISO_LINE, JSON_TIME, OTHER_RULE, TEXT_LINE, check, done,
                  replay_ready, run, tmpdir, write)

d = tmpdir()
rules = write(os.path.join(d, "rules.yaml"), DEVNULL_RULE)
cap = replay_ready(rules)

def alerts(p):
    return [l for l in p.stdout.splitlines() if TEXT_LINE.match(l) or ISO_LINE.match(l) or l.startswith("{")]

# ---- text ----
p = run("-r", rules, "-e", cap)
check(p.returncode == 0, "replay exits 0", p.stderr)
a = alerts(p)
check(len(a) == 1, "exactly one alert (cat opens /dev/null once)", p.stdout)
if a:
    check(TEXT_LINE.match(a[0]) is not None, "text alert starts with HH:MM:SS.nnnnnnnnn: Priority", a[0])
    check(re.search(r": Warning Dev null opened \(proc=cat fd=/dev/null pid=\d+\)$", a[0]) is not None,
          "text alert is 'TIME: Warning <output with fields substituted>'", a[0])
check("Events detected: 1" in p.stdout, "summary: Events detected: 1", p.stdout)
check("Rule counts by severity:" in p.stdout and "   WARNING: 1" in p.stdout, "summary by severity", p.stdout)
check("Triggered rules by rule name:" in p.stdout and "   Open dev null: 1" in p.stdout, "summary by rule", p.stdout)

# ---- ISO 8601 ----
p = run("-r", rules, "-e", cap, "-o", "time_format_iso_8601=true")
a = alerts(p)
check(len(a) == 1 and ISO_LINE.match(a[0]) is not None, "ISO 8601 text alert", "\n".join(a))

# ---- JSON ----
p = run("-r", rules, "-e", cap, "-o", "json_output=true")
a = alerts(p)
check(len(a) == 1, "one JSON alert", p.stdout)
if a:
    raw = a[0]
    j = json.loads(raw)
    keys = list(j.keys())
    check(keys == ["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"],
          "JSON keys and order like falco", str(keys))
    check(j["hostname"] == "fc-test-host", "hostname from FALCO_HOSTNAME")
    check(j["priority"] == "Warning" and j["rule"] == "Open dev null" and j["source"] == "syscall",
          "priority/rule/source values")
    check(j["tags"] == ["filesystem", "test_tag"], "tags", str(j["tags"]))
    check(JSON_TIME.match(j["time"]) is not None, "time is ISO 8601 UTC with ns and Z", j["time"])
    check(TEXT_LINE.match(j["output"]) is not None and "Dev null opened (proc=cat" in j["output"],
          "output is the full text line", j["output"])
    of = j["output_fields"]
    check(list(of.keys()) == sorted(of.keys()), "output_fields keys sorted", str(list(of.keys())))
    check(set(of.keys()) == {"evt.time", "proc.name", "fd.name", "proc.pid"}, "output_fields has the output's fields + evt.time", str(of))
    check(isinstance(of.get("evt.time"), int), "evt.time is an integer (ns)")
    check(of.get("proc.name") == "cat" and of.get("fd.name") == "/dev/null", "string fields are strings")
    check(isinstance(of.get("proc.pid"), int), "numeric fields are JSON numbers", str(of.get("proc.pid")))
    # time in 'time' and evt.time agree
    import datetime
    t = datetime.datetime.strptime(j["time"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    check(int(t.timestamp()) == of["evt.time"] // 10**9 and j["time"][20:29] == "%09d" % (of["evt.time"] % 10**9),
          "time and evt.time are the same instant")

p = run("-r", rules, "-e", cap, "-o", "json_output=true", "-o", "json_include_output_property=false",
        "-o", "json_include_tags_property=false", "-o", "json_include_message_property=true",
        "-o", "time_format_iso_8601=true")
a = alerts(p)
if a:
    j = json.loads(a[0])
    check(list(j.keys()) == ["hostname", "message", "output_fields", "priority", "rule", "source", "time"],
          "json_include_* switches keys", str(list(j.keys())))
    check(j["message"].startswith("Dev null opened (proc=cat"), "message is the output without time/priority")
    check("evt.time.iso8601" in j["output_fields"] and isinstance(j["output_fields"]["evt.time.iso8601"], str),
          "ISO mode puts evt.time.iso8601 in output_fields")

# missing values are null
nrules = write(os.path.join(d, "null.yaml"), DEVNULL_RULE.replace("pid=%proc.pid", "pid=%proc.pid ip=%fd.sip"))
p = run("-r", nrules, "-e", cap, "-o", "json_output=true")
a = alerts(p)
if a:
    j = json.loads(a[0])
    check("fd.sip" in j["output_fields"] and j["output_fields"]["fd.sip"] is None, "absent values are null", a[0])
    check("ip=<NA>" in j["output"], "absent values print <NA> in the text", j["output"])

# ---- priority, rule_matching, rules: toggles ----
both = write(os.path.join(d, "both.yaml"), DEVNULL_RULE + OTHER_RULE)
p = run("-r", both, "-e", cap)
n_all = len(alerts(p))
check(n_all >= 2, "two rules fire (libc and /dev/null)", p.stdout)
p = run("-r", both, "-e", cap, "-o", "priority=warning")
check(all(": Warning " in l for l in alerts(p)) and len(alerts(p)) == 1, "priority=warning drops Notice rules", p.stdout)
p = run("-r", both, "-e", cap, "-o", "rules[].disable.rule=Open dev*")
check(len(alerts(p)) == n_all - 1 and all("Dev null" not in l for l in alerts(p)), "rules: disable by wildcard", p.stdout)
p = run("-r", both, "-e", cap, "-o", "rules[].disable.tag=test_tag")
check(all("Dev null" not in l for l in alerts(p)), "rules: disable by tag")
p = run("-r", both, "-e", cap, "-t", "test_tag")
check(len(alerts(p)) == 1 and "Dev null" in alerts(p)[0], "-t TAG enables only that tag", p.stdout)
p = run("-r", both, "-e", cap, "-D", "libc")
check(all("Libc" not in l for l in alerts(p)) and len(alerts(p)) == 1, "-D SUBSTRING disables matching rules")
cfgf = write(os.path.join(d, "c.yaml"), "rules:\n  - disable:\n      rule: '*'\n  - enable:\n      rule: Open libc\n")
p = run("-c", cfgf, "-r", both, "-e", cap)
check(len(alerts(p)) >= 1 and all("Libc" in l for l in alerts(p)), "config rules: disable * then enable one, in order")

# ---- append_output (literal extra_output) ----
p = run("-r", rules, "-e", cap, "-o", "append_output[0]={match: {source: syscall, tags: [test_tag]}, extra_output: EXTRA}")
a = alerts(p)
check(a and a[0].endswith(" EXTRA"), "append_output extra_output appended to matching rules", "\n".join(a))
p = run("-r", rules, "-e", cap, "-o", "append_output[0]={match: {rule: Other}, extra_output: EXTRA}")
a = alerts(p)
check(a and not a[0].endswith("EXTRA"), "append_output match by rule filters")

# ---- --replay-loop ----
p = run("-r", rules, "-e", cap, "--replay-loop", "3")
check(len(alerts(p)) == 3 and "Events detected: 3" in p.stdout, "--replay-loop 3 replays three times", p.stdout[-300:])

# ---- damaged capture: events before processed, offset reported, exit 1 ----
raw = gzip.open(cap).read()
cut = write(os.path.join(d, "cut.scap"), "")
with open(cut, "wb") as f:
    f.write(raw[: len(raw) - 30])
p = run("-r", rules, "-e", cut)
check(p.returncode == 1, "truncated capture exits 1", p.stderr)
check(re.search(r"offset|byte", p.stderr) is not None, "truncated capture error names the byte offset", p.stderr)
check(len(alerts(p)) == 1, "events before the damage were processed", p.stdout)
p = run("-r", rules, "-e", os.path.join(d, "nope.scap"))
check(p.returncode == 1 and "nope.scap" in p.stderr, "missing capture exits 1 naming it", p.stderr)

# ---- -P pidfile, metrics ----
pid = os.path.join(d, "pid")
p = run("-r", rules, "-e", cap, "-P", pid)
check(p.returncode == 0 and not os.path.exists(pid), "-P pidfile removed at exit")
done("cli-replay")
