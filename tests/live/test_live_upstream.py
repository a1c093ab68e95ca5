# SPDX-License-Identifier: Apache-2.0
"""Live capture with Falco's three upstream rules files: real actions on this
machine must raise the upstream alerts with the right fields.

Usage: test_live_upstream.py FALCOCORE [--replay]
With --replay the live run also records a capture (-w), which is then
replayed (-e) with the same rules: the same alerts must come out."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from livelib import (Actions, Live, UPSTREAM_RULES, check, done, fc_args, has, mine, of,  # noqa: E402
                     replay, summary, tag_rules)

REPLAY = "--replay" in sys.argv[2:]
NAME = "live-replay" if REPLAY else "live-upstream"


def tuple_of(cport, sport):
    return "127.0.0.1:%d->127.0.0.1:%d" % (cport, sport)


def check_alerts(al, A, what):
    """The upstream alerts each action must raise (al: all alerts of a run)."""
    m = mine(al)
    print("%s: %d alerts from this test's actions" % (what, len(m)))
    summary(m)
    t = A.token

    def one(rule, desc, n=1, **fields):
        got = of(m, rule, **fields)
        check(len(got) == n, "%s: %s -> %r x%d (got %d)" % (what, desc, rule, n, len(got)),
              "\n".join(a["output"] for a in got) if got else "")
        return got

    # cat /etc/shadow
    one("Read sensitive file untrusted", "cat /etc/shadow", tag__proc__name="cat",
        fd__name="/etc/shadow", proc__name="cat", user__name="root", tag__container__id="host",
        proc__cmdline=has(t), evt__type="openat")
    # below /etc
    one("Write below etc", "touch below /etc", fd__name=A.etc_file, proc__name="touch",
        user__name="root", tag__container__id="host")
    # below /usr/bin: the open for writing, then the unlink
    one("Write below binary dir", "touch below /usr/bin", fd__name=A.bin_file,
        proc__name="touch", tag__container__id="host")
    one("Modify binary dirs", "rm below /usr/bin", proc__name="rm", evt__type="unlinkat",
        evt__args=has("name=%s" % A.bin_file))
    # symlink over a sensitive file
    one("Create Symlink Over Sensitive Files", "ln -s /etc/shadow",
        evt__arg__target="/etc/shadow", evt__arg__linkpath=A.link, proc__name="ln",
        evt__type="symlinkat")
    # ptrace
    one("PTRACE attached to process", "PTRACE_ATTACH", evt__type="ptrace",
        proc__cmdline=has(t), tag__container__id="host")
    one("PTRACE anti-debug attempt", "PTRACE_TRACEME", evt__type="ptrace",
        proc__cmdline=has(t))
    # network tools on the host (incubating, sandbox)
    one("Launch Suspicious Network Tool on Host", "socat on the host", n=2,
        proc__name="socat", tag__container__id="host")
    one("Netcat/Socat Remote Code Execution on Host", "socat EXEC: on the host",
        proc__name="socat", proc__cmdline=has("EXEC:/bin/true"))
    # the connects and accepts, with their tuples (our own rules)
    check(len(A.host_peers) == 2 and len(A.ct_peers) == 4,
          "%s: the server accepted 2 host + 4 container connections (%r %r)"
          % (what, A.host_peers, A.ct_peers))
    procs = ["socat", "socat", "nc", "socat", "socat", "bash"]
    for i, cport in enumerate(A.host_peers + A.ct_peers):
        ct = "host" if i < 2 else A.ct.id
        name = tuple_of(cport, A.port)
        one("livetest connect", "connect %s by %s" % (name, procs[i]), fd__name=name,
            fd__type="ipv4", fd__l4proto="tcp", fd__cip="127.0.0.1", fd__sip="127.0.0.1",
            fd__cport=cport, fd__sport=A.port, fd__lport=cport, fd__rport=A.port,
            proc__name=procs[i], container__id=ct)
        got = [a for a in al if a["rule"] == "livetest accept"
               and a["output_fields"].get("fd.name") == name]
        check(len(got) == 1 and got[0]["output_fields"]["fd.lport"] == A.port
              and got[0]["output_fields"]["fd.rport"] == cport,
              "%s: accept of %s by the server" % (what, name))
    # the terminal shell in the fake docker container
    sh = one("Terminal shell in container", "script -c bash in a docker-like cgroup",
             proc__name="bash", proc__pname="runc", tag__container__id=A.ct.id,
             tag__proc__tty=lambda v: isinstance(v, int) and v != 0, evt__type="execve")
    check(len(A.ct.id) == 12 and all(c in "0123456789abcdef" for c in A.ct.id),
          "%s: container.id is the 12-hex-char short id" % what)
    one("Launch Suspicious Network Tool in Container", "nc and socat in the container", n=3,
        tag__container__id=A.ct.id, proc__name=lambda v: v in ("nc", "socat"))
    # bash's `>/dev/tcp/...` and socat's EXEC dup the socket onto stdio
    redir = of(m, "Redirect STDOUT/STDIN to Network Connection in Container",
               tag__container__id=A.ct.id)
    bash_tuple = tuple_of(A.ct_peers[3], A.port) if len(A.ct_peers) == 4 else None
    check(any(a["output_fields"].get("fd.name") == bash_tuple
              and a["tag"]["proc.name"] == "bash" for a in redir),
          "%s: bash >/dev/tcp redirect in the container -> 'Redirect STDOUT/STDIN to Network "
          "Connection in Container' with connection=%s" % (what, bash_tuple),
          "\n".join(a["output"] for a in redir))
    # and nothing from the container is reported as the host's
    check(not of(m, "Netcat/Socat Remote Code Execution on Host",
                 tag__container__id=A.ct.id),
          "%s: the container's socat is not reported as the host's" % what)
    return m, sh


def key(a):
    f = a["output_fields"]
    return (a["rule"], f.get("evt.time"), f.get("proc.name"), f.get("fd.name"),
            f.get("proc.cmdline"), f.get("container.id"), a["output"])


def main():
    token = "fclive%d" % os.getpid()
    A = Actions(token)
    rules = os.path.join(A.tmp, "livetest_rules.yaml")
    with open(rules, "w") as f:
        f.write(tag_rules(token, A.port))
    cap = os.path.join(A.tmp, "live.scap")
    args = fc_args(UPSTREAM_RULES + [rules])
    L = Live(args + (["-w", cap] if REPLAY else []))
    try:
        L.start()
        try:
            A.run()
        finally:
            al = L.stop()
        if not REPLAY:
            check_alerts(al, A, "live")
        else:
            check(os.path.getsize(cap) > 0, "the capture was written (%d bytes)"
                  % os.path.getsize(cap))
            m_live = mine(al)
            rl = replay(cap, args)
            m_replay, _ = check_alerts(rl, A, "replay")
            live_keys = sorted(key(a) for a in m_live)
            replay_keys = sorted(key(a) for a in m_replay)
            missing = [k for k in live_keys if k not in replay_keys]
            extra = [k for k in replay_keys if k not in live_keys]
            check(not missing and not extra and len(live_keys) > 10,
                  "replay of the -w capture gives the same %d alerts as live (same rule, time, "
                  "process, fd, command line, container, output)" % len(live_keys),
                  "missing in replay:\n%s\nextra in replay:\n%s"
                  % ("\n".join(map(str, missing[:10])), "\n".join(map(str, extra[:10]))))
    finally:
        A.cleanup()
        L.cleanup()
    done(NAME)


if __name__ == "__main__":
    main()
