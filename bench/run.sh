#!/usr/bin/env bash
# Builds Release and runs the full benchmark suite (about 5 minutes): Stormline's broker, Redis Streams and
# NATS JetStream, each as its own process on loopback. Writes the markdown results to bench/results/<UTC time>.md
# (or to $BENCH_OUTPUT) and prints them. Extra arguments go to the bench, e.g. `bench/run.sh --quick`,
# `bench/run.sh --peers stormline --runs 3`; `bench/run.sh --help` lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Stormline.Cli/Stormline.Cli.csproj -c Release -v quiet -nologo
dotnet build bench/Stormline.Bench/Stormline.Bench.csproj -c Release -v quiet -nologo

out=${BENCH_OUTPUT:-bench/results/$(date -u +%Y%m%dT%H%M%SZ).md}
echo "uptime: $(uptime)"
dotnet bench/Stormline.Bench/bin/Release/net10.0/stormline-bench.dll --output "$out" "$@"
