#!/bin/sh
# Checks the deployment examples: the systemd unit passes systemd-analyze,
# the Kubernetes manifest is well-formed and consistent, and the local rules
# its ConfigMap ships load on top of the default rules and do what they say
# (run through falcocore-ruletest).
# usage: example_manifests.sh RULETEST SRC_ROOT
set -u
runner=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; cat "$tmp/out" 2>/dev/null; exit 1; }

# 1. systemd unit (binaries replaced by /bin/true so that verify can stat them).
if command -v systemd-analyze >/dev/null 2>&1; then
	sed 's#/usr/bin/falcocore#/bin/true#g' "$src/examples/systemd/falcocore.service" \
		>"$tmp/falcocore.service"
	systemd-analyze verify --man=no "$tmp/falcocore.service" >"$tmp/out" 2>&1 ||
		fail "systemd-analyze verify failed"
	[ -s "$tmp/out" ] && fail "systemd-analyze reports problems"
	echo "systemd unit: ok"
else
	echo "systemd-analyze not found: unit not checked"
	:
fi

# 2. Kubernetes manifest.
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "SKIP: python3 with PyYAML is needed to check the Kubernetes manifest"
	exit 77
fi
python3 - "$src/examples/k8s/falcocore-daemonset.yaml" "$tmp" >"$tmp/out" 2>&1 <<'PY' || fail "manifest"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = [d["kind"] for d in docs]
assert kinds == ["Namespace", "ServiceAccount", "ConfigMap", "DaemonSet"], kinds
cm, ds = docs[2], docs[3]
for d in docs[1:]:
    assert d["metadata"]["namespace"] == docs[0]["metadata"]["name"], d["kind"]
spec = ds["spec"]["template"]["spec"]
assert spec["hostPID"] is True
assert spec["serviceAccountName"] == docs[1]["metadata"]["name"]
assert ds["spec"]["selector"]["matchLabels"].items() <= ds["spec"]["template"]["metadata"]["labels"].items()
c = spec["containers"][0]
cfg_path = c["args"][c["args"].index("-c") + 1]
mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
vols = {v["name"]: v for v in spec["volumes"]}
assert set(mounts) <= set(vols), set(mounts) - set(vols)
assert vols["config"]["configMap"]["name"] == cm["metadata"]["name"]
assert cfg_path == mounts["config"] + "/falcocore.yaml", cfg_path
cfg = yaml.safe_load(cm["data"]["falcocore.yaml"])
local = [f for f in cfg["rules_files"] if f.startswith(mounts["config"] + "/")]
assert len(local) == 1 and local[0].rsplit("/", 1)[1] in cm["data"], local
assert cfg["rules_files"][0] == "/etc/falcocore/falcocore_rules.yaml"
port = cfg["webserver"]["listen_port"]
for probe in ("livenessProbe", "readinessProbe"):
    assert c[probe]["httpGet"]["port"] == port and c[probe]["httpGet"]["path"] == "/healthz"
assert c["securityContext"]["readOnlyRootFilesystem"] is True
assert {m for m in mounts.values()} >= {"/host/proc", "/host/etc", "/sys/kernel/btf"}
env = {e["name"]: e["value"] for e in c["env"]}
assert mounts["proc"] == env["HOST_ROOT"] + "/proc"
open(sys.argv[2] + "/local.yaml", "w").write(cm["data"]["falcocore_rules.local.yaml"])
print("kubernetes manifest: ok")
PY
cat "$tmp/out"

# 3. The ConfigMap's local rules, on top of the defaults: 10.96.0.1 stays an
# API server address, 10.0.0.1 no longer is (the list was replaced).
cat >"$tmp/test.yaml" <<T
rules: [$src/rules/falcocore_rules.yaml, $tmp/local.yaml]
tests:
  - name: the configured API server address alerts
    processes:
      - {pid: 100, exe: /usr/bin/python3, container: 4b5e57f6eb2f42b9039b3d1e13929295f231749c510cbe341cd68036d9af97e2}
    events:
      - socket: {fd: 3, domain: AF_INET, type: 1, proto: 6}
      - connect: {res: 0, fd: 3, tuple: "10.244.0.9:40000->10.96.0.1:443", addr: "10.96.0.1:443"}
    expect:
      - {rule: Kubernetes API server contacted from container, event: 2}
  - name: an address dropped from the list does not alert
    processes:
      - {pid: 100, exe: /usr/bin/python3, container: 4b5e57f6eb2f42b9039b3d1e13929295f231749c510cbe341cd68036d9af97e2}
    events:
      - socket: {fd: 3, domain: AF_INET, type: 1, proto: 6}
      - connect: {res: 0, fd: 3, tuple: "10.244.0.9:40000->10.0.0.1:443", addr: "10.0.0.1:443"}
    expect: []
T
"$runner" "$tmp/test.yaml" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP (library not ready): $(head -n 1 "$tmp/out")"
	exit 77
fi
[ $rc -eq 0 ] || fail "local rules of the ConfigMap"
cat "$tmp/out"
exit 0
