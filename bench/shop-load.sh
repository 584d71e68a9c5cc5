#!/usr/bin/env bash
# The shop's saga under load: `stormline up` on a fresh data folder, then `stormline load` at increasing offered rates.
# Usage: bench/shop-load.sh [ORDERS] [RATE[:ORDERS] ...]   e.g. bench/shop-load.sh 5000 20:600 250 1000 3000
# (a RATE:ORDERS token overrides the order count for that rate, e.g. a short uncontended run at a low rate)
# Writes bench/results/<UTC time>-shop-load.md (the machine, the commands and each run's output).
# UP_ARGS passes options to stormline up, e.g. UP_ARGS="--schema-format json" to write JSON Schema instead of Avro.
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

read -r -a up_args <<<"${UP_ARGS:-}"
"${cli[@]}" up --data-dir "$data" --no-console "${up_args[@]}" >"$uplog" 2>&1 &
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
  echo "Services: SQLite stores under a fresh data folder; broker and registry in the stormline up process. stormline up ${UP_ARGS:-}"
} | tee "$out"

# CPU seconds (user + system) a process has used: where the time goes, robust to other load on the machine.
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
mapfile -t pids < <(grep -oE 'pid [0-9]+' "$uplog" | awk '{print $2}')
names=(broker+registry Orders Payments Deliveries)
procs=("$up" "${pids[@]}")

status=0
for token in "${rates[@]}"; do
  rate=${token%%:*}
  n=$orders
  [ "$token" != "$rate" ] && n=${token#*:}
  cmd="stormline load --orders $n --rate $rate --decline-percent 5 --cancel-percent 5 --settle-seconds 300"
  printf '\n## %s\n\n```\n' "$cmd" | tee -a "$out"
  before=(); for p in "${procs[@]}"; do before+=("$(cpu "$p")"); done
  "${cli[@]}" load --orders "$n" --rate "$rate" --decline-percent 5 --cancel-percent 5 --settle-seconds 300 2>&1 | tee -a "$out" || status=1
  echo "CPU per process during the run (seconds; ms per order):" | tee -a "$out"
  for i in "${!procs[@]}"; do
    after=$(cpu "${procs[$i]}")
    awk -v n="${names[$i]}" -v b="${before[$i]}" -v a="$after" -v o="$n" 'BEGIN {printf "  %-16s %7.1f s  %6.2f ms/order\n", n, a - b, (a - b) * 1000 / o}' | tee -a "$out"
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
  printf '```\n' | tee -a "$out"
done

# The peer in the same run: one Kafka hop (produce -> consume, 100 B at 10,000 msg/s) on Stormline's broker and, when
# installed, on Redis Streams, so the saga's three hops can be set against the transport's own latency.
peers=stormline
command -v redis-server >/dev/null 2>&1 && peers=stormline,redis
dotnet build bench/Stormline.Bench -c Release -nologo -v q -clp:NoSummary
printf '\n## One hop, same run: stormline-bench --peers %s --workloads latency --runs 1 --latency-seconds 5\n\n```\n' "$peers" | tee -a "$out"
dotnet bench/Stormline.Bench/bin/Release/net10.0/stormline-bench.dll --peers "$peers" --workloads latency --runs 1 --latency-seconds 5 2>&1 \
  | grep -iE 'latency|p50|p99|stormline|redis' | tail -20 | tee -a "$out" || true
printf '```\n' | tee -a "$out"
echo "Results: $out"
exit $status
