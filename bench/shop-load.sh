#!/usr/bin/env bash
# The shop's saga under load: `stormline up` on a fresh data folder, then `stormline load` at increasing offered rates.
# Usage: bench/shop-load.sh [ORDERS] [RATE ...]      e.g. bench/shop-load.sh 5000 500 1000 2000 3000
# Writes bench/results/<UTC time>-shop-load.md (the machine, the commands and each run's output).
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-5000}
shift || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(500 1000 2000 3000)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Stormline.Cli -c Release -nologo -v q -clp:NoSummary
for s in Orders Payments Deliveries; do dotnet build "services/Shop.$s" -c Release -nologo -v q -clp:NoSummary; done
cli=(dotnet src/Stormline.Cli/bin/Release/net10.0/stormline.dll)

data=$(mktemp -d)
uplog=$(mktemp)
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-shop-load.md"
cleanup() {
  [ -n "${up:-}" ] && kill -TERM "$up" 2>/dev/null && wait "$up" 2>/dev/null || true
  rm -rf "$data" "$uplog"
}
trap cleanup EXIT

"${cli[@]}" up --data-dir "$data" --no-console >"$uplog" 2>&1 &
up=$!
for _ in $(seq 1 600); do
  grep -q "The shop is up" "$uplog" && break
  kill -0 "$up" 2>/dev/null || { cat "$uplog"; echo "stormline up exited"; exit 1; }
  sleep 0.2
done
grep -q "The shop is up" "$uplog" || { tail -50 "$uplog"; echo "stormline up did not come up in 120 s"; exit 1; }

{
  echo "# stormline load against stormline up ($(date -u +%FT%TZ))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Services: SQLite stores under a fresh data folder; broker and registry in the stormline up process."
} | tee "$out"

status=0
for rate in "${rates[@]}"; do
  cmd="stormline load --orders $orders --rate $rate --decline-percent 5 --cancel-percent 5"
  printf '\n## %s\n\n```\n' "$cmd" | tee -a "$out"
  "${cli[@]}" load --orders "$orders" --rate "$rate" --decline-percent 5 --cancel-percent 5 2>&1 | tee -a "$out" || status=1
  printf '```\n' | tee -a "$out"
done
echo "Results: $out"
exit $status
