# SPDX-License-Identifier: Apache-2.0
"""Live capture with the project's default rules (no -r: falcocore finds
rules/falcocore_rules.yaml itself): the same real actions as
test_live_upstream.py must raise the default rules' alerts with the right
fields. Alerts are tied to this run by the token in their paths and command
lines, or by the fake container's id."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from livelib import Actions, Live, check, done, fc_args, has  # noqa: E402


def main():
    token = "fclive%d" % os.getpid()
    A = Actions(token)
    L = Live(fc_args([]))
    try:
        L.start()
        check("falcocore_rules.yaml" in open(L.err.name).read(),
              "falcocore loads its default rules file without -r")
        try:
            A.run()
        finally:
            al = L.stop()
        ct = A.ct.id if A.ct else "?"
        m = [a for a in al if token in a.get("output", "") or
             a.get("output_fields", {}).get("container.id") == ct]
        print("%d alerts from this test's actions" % len(m))
        for a in m:
            print("  alert: " + a["output"][:300])

        def one(rule, desc, **want):
            got = [a for a in m if a["rule"] == rule and all(
                (v(a["output_fields"].get(k.replace("__", "."))) if callable(v)
                 else a["output_fields"].get(k.replace("__", ".")) == v)
                for k, v in want.items())]
            check(len(got) == 1, "%s -> %r (got %d)" % (desc, rule, len(got)),
                  "\n".join(a["output"] for a in got))

        one("Credential file read by untrusted program", "cat /etc/shadow",
            fd__name="/etc/shadow", proc__name="cat", user__name="root", container__id="host",
            proc__cmdline=has(token))
        one("Write below etc directory", "touch below /etc", fd__name=A.etc_file,
            proc__name="touch", container__id="host")
        one("Write below binary directory", "touch below /usr/bin", fd__name=A.bin_file,
            proc__name="touch", container__id="host")
        one("Symlink to sensitive file created", "ln -s /etc/shadow",
            evt__arg__target="/etc/shadow", evt__arg__linkpath=A.link, proc__name="ln")
        one("Process attached with ptrace", "PTRACE_ATTACH on a child",
            evt__arg__request=has("PTRACE_ATTACH"), proc__cmdline=has(token),
            evt__arg__pid=lambda v: A.ptrace_child is not None and
            str(v) == str(A.ptrace_child), container__id="host")
        one("Interactive shell in container", "script -c bash in a docker-like cgroup",
            proc__name="bash", proc__pname="runc", container__id=ct,
            proc__tty=lambda v: isinstance(v, int) and v != 0)
        one("Port scan tool in container", "nc -z in the container", proc__name="nc",
            container__id=ct)
        one("Remote shell tool in container", "socat EXEC: in the container",
            proc__name="socat", container__id=ct, proc__cmdline=has("EXEC:/bin/true"))
        check(len(ct) == 12, "container id %r has 12 characters" % ct)
    finally:
        A.cleanup()
        L.cleanup()
    done("live-default")


if __name__ == "__main__":
    main()
