#!/usr/bin/env bash
# The shop's saga with two replicas of every service on PostgreSQL (one database per service, a throwaway PostgreSQL 15
# cluster with its default durability), the embedded broker as its own process, and `stormline load` against it.
# Usage: bench/runtime-pg.sh [ORDERS] [RATE] [REPLICAS]      e.g. bench/runtime-pg.sh 20000 3000 2
# PG_STATEMENTS=1 also loads pg_stat_statements and writes each database's top statements of the measured run.
# Writes bench/results/<UTC time>-runtime-pg.md (the machine, the commands, each run's output and CPU per process).
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-20000}
rate=${2:-3000}
replicas=${3:-2}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Stormline.Cli -c Release -nologo -v q -clp:NoSummary
for s in Orders Payments Deliveries; do dotnet build "services/Shop.$s" -c Release -nologo -v q -clp:NoSummary; done
cli=(dotnet src/Stormline.Cli/bin/Release/net10.0/stormline.dll)

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin (./test.sh installs them)"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d)
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"
pids=()
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-runtime-pg.md"
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

pgport=$(free_port)
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
pg_options="-p $pgport -k $work -c listen_addresses=127.0.0.1 -c max_connections=400"
[ "${PG_STATEMENTS:-0}" = 1 ] && pg_options="$pg_options -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start -o "$pg_options" >/dev/null
for db in orders payments deliveries; do
  as_postgres psql -h 127.0.0.1 -p "$pgport" -U postgres -q -c "CREATE DATABASE $db" postgres
done

bport=$(free_port)
mkdir -p "$work/broker"
"${cli[@]}" broker --port "$bport" --data-dir "$work/broker" >"$work/broker.log" 2>&1 &
pids+=($!)
broker_pid=$!
for _ in $(seq 1 100); do grep -q "Kafka listener" "$work/broker.log" 2>/dev/null && break; sleep 0.2; done
"${cli[@]}" topics apply models/shop.storm.yaml --bootstrap "127.0.0.1:$bport" --replication-factor 1 --yes >"$work/topics.log" 2>&1

names=(broker)
procs=("$broker_pid")
declare -A url
for service in Orders Payments Deliveries; do
  key=$(echo "$service" | tr 'A-Z' 'a-z')
  for r in $(seq 0 $((replicas - 1))); do
    port=$(free_port)
    DOTNET_GCgen0size=0x4000000 dotnet "services/Shop.$service/bin/Release/net10.0/Shop.$service.dll" \
      --Urls="http://127.0.0.1:$port" --Kafka:BootstrapServers="127.0.0.1:$bport" --Kafka:InstanceId="$key-$r" \
      --Store:Provider=postgres --Store:ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$key;Maximum Pool Size=50" \
      --Store:DataDir="$work/$key-$r" --PaymentGateway:LedgerPath="$work/gateway.db" --Logging:LogLevel:Default=Warning \
      >"$work/$key-$r.log" 2>&1 &
    pids+=($!)
    procs+=($!)
    names+=("$service-$r")
    url[$key-$r]="http://127.0.0.1:$port"
  done
done
for key in "${!url[@]}"; do
  for _ in $(seq 1 300); do curl -sf "${url[$key]}/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sf "${url[$key]}/health/ready" >/dev/null || { cat "$work/$key.log"; echo "$key did not get ready"; exit 1; }
done

targets=(--target "${url[orders-0]}" --payments "${url[payments-0]}" --deliveries "${url[deliveries-0]}" --bootstrap "127.0.0.1:$bport")
{
  echo "# The shop on PostgreSQL, $replicas replicas of each service ($(date -u +%FT%TZ))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') with its default durability (fsync, synchronous_commit on); one database per service; the broker as its own process; topics from models/shop.storm.yaml."
  echo "HTTP goes to the first Orders replica; consumers, relays and projections are shared by the replicas through their groups and leases."
} | tee "$out"

cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
# The server's CPU too (the postmaster and its backends, pooled so they live through the run): the system's cost per order.
pg_cpu() {
  local master total=0
  master=$(head -1 "$work/pg/postmaster.pid")
  for p in "$master" $(ps -o pid= --ppid "$master"); do total=$(awk -v s="$total" -v c="$(cpu "$p" 2>/dev/null || echo 0)" 'BEGIN {print s + c}'); done
  echo "$total"
}
# "pid cpu-seconds kind" per server process: a backend by its database, a background process by its name.
pg_processes() {
  local master
  master=$(head -1 "$work/pg/postmaster.pid")
  for p in $(ps -o pid= --ppid "$master"); do
    echo "$p $(cpu "$p" 2>/dev/null || echo 0) $(ps -o args= -p "$p" | awk '{ if ($2 == "postgres") print "backends:" $3; else { $1 = ""; print substr($0, 2) } }' | tr ' ' '_')"
  done
}
run() {
  local n=$1 r=$2
  printf '\n## stormline load --orders %s --rate %s --decline-percent 5 --cancel-percent 5\n\n```\n' "$n" "$r" | tee -a "$out"
  local before=()
  for p in "${procs[@]}"; do before+=("$(cpu "$p")"); done
  pg_before=$(pg_cpu)
  pg_processes >"$work/pg-before"
  [ "${PG_STATEMENTS:-0}" = 1 ] && for db in orders payments deliveries; do
    as_postgres psql -h 127.0.0.1 -p "$pgport" -U postgres -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
  done
  "${cli[@]}" load --orders "$n" --rate "$r" --decline-percent 5 --cancel-percent 5 --settle-seconds 300 "${targets[@]}" 2>&1 | grep -v '^sent ' | tee -a "$out" || status=1
  echo "CPU per process during the run (seconds; ms per order):" | tee -a "$out"
  local total=0
  for i in "${!procs[@]}"; do
    local after
    after=$(cpu "${procs[$i]}")
    awk -v n="${names[$i]}" -v b="${before[$i]}" -v a="$after" -v o="$n" 'BEGIN {printf "  %-14s %7.1f s  %6.2f ms/order\n", n, a - b, (a - b) * 1000 / o}' | tee -a "$out"
  done
  local pg_after
  pg_after=$(pg_cpu)
  awk -v b="$pg_before" -v a="$pg_after" -v o="$n" 'BEGIN {printf "  %-14s %7.1f s  %6.2f ms/order (backends alive at both ends)\n", "postgres", a - b, (a - b) * 1000 / o}' | tee -a "$out"
  pg_processes >"$work/pg-after"
  echo "PostgreSQL's CPU by kind of process (processes alive at both ends):" | tee -a "$out"
  awk -v o="$n" 'NR == FNR { before[$1] = $2; next } ($1 in before) { sum[$3] += $2 - before[$1] }
    END { for (k in sum) if (sum[k] >= 0.05) printf "  %-40s %7.1f s  %6.2f ms/order\n", k, sum[k], sum[k] * 1000 / o }' \
    "$work/pg-before" "$work/pg-after" | sort -k2 -nr | tee -a "$out"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
  printf '```\n' | tee -a "$out"
  [ "${PG_STATEMENTS:-0}" = 1 ] && for db in orders payments deliveries; do
    printf '\n### %s: top statements of the run (pg_stat_statements; calls per order, ms in total, rows per call)\n\n```\n' "$db" | tee -a "$out"
    as_postgres psql -h 127.0.0.1 -p "$pgport" -U postgres -d "$db" -P pager=off -c "SELECT round(calls::numeric / $n, 2) AS per_order, round(total_exec_time::numeric) AS total_ms, round(rows::numeric / greatest(calls, 1), 1) AS rows_per_call, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 12" | tee -a "$out"
    printf '```\n' | tee -a "$out"
  done
  return 0
}

status=0
"${cli[@]}" load --orders 6000 --rate 1000 --settle-seconds 120 "${targets[@]}" >/dev/null 2>&1 || true # warm-up: tiered JIT settles, pools fill
run "$orders" "$rate"
echo "Results: $out"
exit $status
