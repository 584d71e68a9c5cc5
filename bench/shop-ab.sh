#!/usr/bin/env bash
# One arm of an interleaved comparison of the shop's saga: `stormline up` (no console) on a fresh data folder from the
# Release build in REPO, a warm-up (WARMUP, default 6,000 orders at 1,000/s then 20,000 at 3,000/s: after the first
# step alone the services were still compiling thousands of methods at the next tier during the measured one), then
# 20,000 at 3,000/s (MEASURE=ORDERS:RATE overrides, e.g. 20000:1000 for latency at a rate the machine sustains);
# prints one line (throughput, latency p50/p99 to DeliveryStarted and of POST -> 201, each
# service's CPU per order, the services' and the up process's CPU per order from /proc). Run the arms alternately
# (A B B A …): on a drifting machine only such pairs compare. Build REPO first (dotnet build -c Release of
# src/Stormline.Cli and services/Shop.*).
# Usage: [UP_ARGS="--schema-format json"] [WARMUP="6000:1000"] [MEASURE="20000:1000"] bench/shop-ab.sh LABEL [REPO] [ENV=VALUE ...]
set -euo pipefail
label=$1
repo=${2:-$(cd "$(dirname "$0")/.." && pwd)}
shift $(( $# >= 2 ? 2 : 1 ))
for setting in "$@"; do export "${setting?}"; done
cd "$repo"
cli=(dotnet src/Stormline.Cli/bin/Release/net10.0/stormline.dll)
data=$(mktemp -d)
uplog=$(mktemp)
read -r -a up_args <<<"${UP_ARGS:-}"
"${cli[@]}" up --data-dir "$data" --no-console "${up_args[@]}" >"$uplog" 2>&1 &
up=$!
trap 'kill -TERM "$up" 2>/dev/null; wait "$up" 2>/dev/null || true; rm -rf "$data" "$uplog"' EXIT
for _ in $(seq 1 600); do grep -q "The shop is up" "$uplog" && break; sleep 0.2; done
grep -q "The shop is up" "$uplog" || { tail -30 "$uplog"; echo "stormline up did not come up"; exit 1; }
mapfile -t pids < <(grep -oE 'pid [0-9]+' "$uplog" | awk '{print $2}')
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
services_cpu() { local sum=0; for p in "${pids[@]}"; do sum=$(awk -v a="$sum" -v b="$(cpu "$p")" 'BEGIN {print a + b}'); done; echo "$sum"; }
for step in ${WARMUP:-6000:1000 20000:3000}; do
  "${cli[@]}" load --orders "${step%%:*}" --rate "${step##*:}" --settle-seconds 120 >/dev/null 2>&1
done
up0=$(cpu "$up"); s0=$(services_cpu)
measure=${MEASURE:-20000:3000}
orders=${measure%%:*}
result=$("${cli[@]}" load --orders "$orders" --rate "${measure##*:}" --settle-seconds 120 2>&1)
up1=$(cpu "$up"); s1=$(services_cpu)
latency() { awk '{print "p50 " $(NF-11) " p99 " $(NF-5) " ms"}' <<<"$1"; }
echo "$label: $(grep -E '^Throughput' <<<"$result" | sed 's/ through the saga.*//') |" \
  "to DeliveryStarted $(latency "$(grep -E '^Latency, order' <<<"$result")") |" \
  "POST -> 201 $(latency "$(grep -E 'POST /orders -> 201' <<<"$result")") |" \
  "$(grep -E '^CPU per order' <<<"$result" | sed 's/.*total): //') |" \
  "services /proc $(awk -v a="$s0" -v b="$s1" 'BEGIN {printf "%.2f ms/order", (b - a) * 1000 / '"$orders"'}') |" \
  "up process $(awk -v a="$up0" -v b="$up1" 'BEGIN {printf "%.2f ms/order", (b - a) * 1000 / '"$orders"'}') |" \
  "$(grep -E '^Result' <<<"$result") | load average after $(cut -d' ' -f1-3 /proc/loadavg)"
