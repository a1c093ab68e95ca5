# SPDX-License-Identifier: Apache-2.0
"""Helpers shared by the falcocore CLI integration tests (suite 'cli').

Each test script takes the falcocore executable as argv[1]. Exit 0 = pass,
77 = skip (only while a library part the test needs still answers "not
supported"), anything else = fail."""
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "falcocore"
UPSTREAM = os.environ.get("FC_UPSTREAM", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "upstream"))
CAPTURES = os.path.join(UPSTREAM, "captures")
failures = []
# FC_VALGRIND=1 runs falcocore under valgrind's memcheck (meson test --setup
# cli-valgrind): any error, or a definite leak, makes it exit 99.
VALGRIND = os.environ.get("FC_VALGRIND") == "1"
SUPP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "valgrind.supp")
CMD = (["valgrind", "--error-exitcode=99", "--leak-check=full",
        "--errors-for-leak-kinds=definite", "-q", "--suppressions=" + SUPP]
       if VALGRIND else []) + [EXE]
SLOW = 10 if VALGRIND else 1


def run(*args, env=None, timeout=60, input=None, cwd=None):
    e = dict(os.environ)
    e.setdefault("FALCO_HOSTNAME", "fc-test-host")
    if env:
        e.update(env)
    p = subprocess.run([*CMD, *args], capture_output=True, text=True, timeout=timeout * SLOW,
                       env=e, input=input, cwd=cwd)
    return p


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


def unsupported(p):
    """True while the library part used by this run is still a stub."""
    return "not supported" in (p.stdout + p.stderr)


def tmpdir():
    return tempfile.mkdtemp(prefix="fc-cli-")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


# A rule that fires once on cat_write.scap: cat opens /dev/null (open exit).
DEVNULL_RULE = """\
- rule: Open dev null
  desc: cat opens /dev/null in the capture
  condition: evt.type in (open, openat) and fd.name = /dev/null
  output: "Dev null opened (proc=%proc.name fd=%fd.name pid=%proc.pid)"
  priority: WARNING
  tags: [filesystem, test_tag]
"""

OTHER_RULE = """\
- rule: Open libc
  desc: cat opens libc in the capture
  condition: evt.type in (open, openat) and fd.name contains libc
  output: "Libc opened (proc=%proc.name fd=%fd.name)"
  priority: NOTICE
  tags: [other]
"""

TEXT_LINE = re.compile(r"^\d\d:\d\d:\d\d\.\d{9}: (Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug) ")
ISO_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+0000: (Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug) ")
JSON_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$")


def replay_ready(rules_path):
    """Skips the test while replay or rules support is still a stub."""
    cap = os.path.join(CAPTURES, "cat_write.scap")
    if not os.path.exists(cap):
        skip("no upstream capture at %s (FC_UPSTREAM)" % cap)
    p = run("-r", rules_path, "-e", cap, "-o", "stdout_output.enabled=false")
    if unsupported(p):
        skip("library still answers 'not supported': " + (p.stderr.strip().splitlines() or [""])[-1])
    return cap
