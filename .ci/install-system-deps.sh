#!/usr/bin/env bash
# Installs the Debian packages infratwin's tests need on a fresh machine: Jupyter (to run the
# notebooks on the tslab kernel), Chromium (reports, figures and the dashboard in a real browser),
# and the servers users run beside the twin, which tests start on loopback ports: PostgreSQL (shared
# store), Redis (distributed sweeps), Prometheus with promtool (live telemetry, exported rules). Idempotent.
set -euo pipefail
packages=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-notebook chromium
  postgresql redis-server prometheus)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "system packages: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "system packages: installed"
