#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Each output channel really receives the alerts: file, program, http
(a local listener), syslog (a private /dev/log in a mount namespace). Skips
(77) only while replay or rules are stubs (syslog also when namespaces are
not available)."""
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading

from fcli import DEVNULL_RULE, EXE, TEXT_LINE, check, done, replay_ready, run, tmpdir, write

d = tmpdir()
rules = write(os.path.join(d, "rules.yaml"), DEVNULL_RULE)
cap = replay_ready(rules)

# ---- file_output (append, keep_alive or not) ----
out = os.path.join(d, "events.txt")
write(out, "previous line\n")
for ka in ["false", "true"]:
    p = run("-r", rules, "-e", cap, "-o", "stdout_output.enabled=false", "-o", "file_output.enabled=true",
            "-o", "file_output.filename=" + out, "-o", "file_output.keep_alive=" + ka)
    check(p.returncode == 0, "file_output keep_alive=%s exits 0" % ka, p.stderr)
    check(not any(TEXT_LINE.match(l) for l in p.stdout.splitlines()), "stdout_output.enabled=false silences stdout")
lines = open(out).read().splitlines()
check(lines[0] == "previous line" and len(lines) == 3 and all("Dev null opened" in l for l in lines[1:]),
      "file_output appends one line per alert", "\n".join(lines))
p = run("-r", rules, "-e", cap, "-o", "file_output.enabled=true", "-o", "file_output.filename=/nonexistent/dir/x")
check(p.returncode == 1 and "/nonexistent/dir/x" in p.stderr, "unwritable file_output is a startup error")

# ---- program_output ----
prog_out = os.path.join(d, "prog.txt")
for ka in ["false", "true"]:
    p = run("-r", rules, "-e", cap, "-o", "json_output=true", "-o", "program_output.enabled=true",
            "-o", "program_output.keep_alive=" + ka, "-o", "program_output.program=cat >> " + prog_out)
    check(p.returncode == 0, "program_output keep_alive=%s exits 0" % ka, p.stderr)
pl = open(prog_out).read().splitlines()
check(len(pl) == 2 and all(json.loads(l)["rule"] == "Open dev null" for l in pl), "program_output gets each alert on stdin", "\n".join(pl))

# ---- http_output ----
got = []
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        got.append((self.path, self.headers.get("Content-Type"), self.headers.get("User-Agent"), self.rfile.read(n)))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
th = threading.Thread(target=srv.serve_forever, daemon=True)
th.start()
url = "http://127.0.0.1:%d/falco" % srv.server_address[1]
p = run("-r", rules, "-e", cap, "-o", "json_output=true", "-o", "http_output.enabled=true", "-o", "http_output.url=" + url)
check(p.returncode == 0, "http_output exits 0", p.stderr)
check(len(got) == 1, "http_output POSTs each alert", str(got))
if got:
    path, ctype, ua, body = got[0]
    check(path == "/falco" and ctype == "application/json", "POST to the URL with Content-Type application/json", str(got[0][:3]))
    check(ua == "falcosecurity/falco", "default user agent like falco", str(ua))
    j = json.loads(body)
    check(j["rule"] == "Open dev null" and "output_fields" in j, "the body is the JSON alert (falcosidekick shape)")
got.clear()
p = run("-r", rules, "-e", cap, "-o", "http_output.enabled=true", "-o", "http_output.url=" + url, "-o", "http_output.user_agent=fc-test")
check(len(got) == 1 and got[0][1] == "text/plain" and got[0][2] == "fc-test", "text alerts POST as text/plain with user_agent", str(got))
srv.shutdown()
p = run("-r", rules, "-e", cap, "-o", "http_output.enabled=true", "-o", "http_output.url=http://127.0.0.1:1/x")
check(p.returncode == 0 and "http_output" in p.stderr, "an unreachable http endpoint is logged, not fatal", p.stderr)

# ---- syslog_output: a private /dev/log in a mount namespace ----
unshare = shutil.which("unshare")
if os.geteuid() != 0 or not unshare:
    print("note: syslog test needs root and unshare; not run")
else:
    sock = os.path.join(d, "log.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(sock)
    s.settimeout(5)
    script = ('set -e; mkdir -p %(d)s/realdev; mount --bind /dev %(d)s/realdev; mount -t tmpfs none /dev; '
              'touch /dev/null; mount --bind %(d)s/realdev/null /dev/null; ln -s %(sock)s /dev/log; '
              'exec "$@"') % {"d": d, "sock": sock}
    p = subprocess.run([unshare, "-m", "sh", "-c", script, "sh", EXE, "-r", rules, "-e", cap,
                        "-o", "syslog_output.enabled=true", "-o", "stdout_output.enabled=false"],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0 and "mount" in p.stderr:
        print("note: mount namespace not permitted here; syslog test not run: " + p.stderr.strip())
    else:
        check(p.returncode == 0, "syslog_output run exits 0", p.stderr)
        msgs = []
        try:
            while True:
                msgs.append(s.recv(65536).decode(errors="replace"))
                s.settimeout(0.5)
        except socket.timeout:
            pass
        check(len(msgs) == 1, "syslog receives one message per alert", str(msgs))
        if msgs:
            m = msgs[0]
            # <PRI>: facility user (1) * 8 + Warning (4) = 12
            check(m.startswith("<12>"), "syslog priority = LOG_USER | rule priority (Warning=4)", m)
            check("falcocore[" in m and "Dev null opened" in m, "syslog ident falcocore[pid] and the alert text", m)
done("cli-outputs")
