#!/usr/bin/env bash
# Event-store benchmark (issue 3): Stormline's PostgreSQL store against Marten on one throwaway PostgreSQL 15 server
# that the bench starts on a free port and deletes at the end, plus Stormline's SQLite store. Writes the markdown
# results to bench/results/eventstore-<UTC time>.md (or $BENCH_OUTPUT) and prints them. Extra arguments go to the
# bench: `bench/eventstore.sh --quick` (smoke run, about a minute), `--writers 1,8`, `--targets stormline-pg,marten`,
# `bench/eventstore.sh --help` lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [[ " $* " != *" --pg-bin "* ]]; then
  echo "Installing postgresql-15 ..."
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Stormline.Bench.EventStore/Stormline.Bench.EventStore.csproj -c Release -v quiet -nologo

out=${BENCH_OUTPUT:-bench/results/eventstore-$(date -u +%Y%m%dT%H%M%SZ).md}
echo "uptime: $(uptime)"
dotnet bench/Stormline.Bench.EventStore/bin/Release/net10.0/stormline-bench-eventstore.dll --output "$out" "$@"
