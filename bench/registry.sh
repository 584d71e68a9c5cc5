#!/usr/bin/env bash
# Registry throughput and latency: `stormline registry` on its data-dir store against the same registry on a Kafka
# topic (a `stormline broker` process), in one run, plus the Confluent client's cached look-up. Each server is its own
# process on loopback. Prints a markdown table; `bench/registry.sh 2000` registers 2,000 schemas per row (default 1,000).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Stormline.Cli/Stormline.Cli.csproj -c Release -v quiet -nologo
dotnet build bench/Stormline.RegistryBench/Stormline.RegistryBench.csproj -c Release -v quiet -nologo
echo "uptime: $(uptime)"
dotnet bench/Stormline.RegistryBench/bin/Release/net10.0/stormline-registry-bench.dll src/Stormline.Cli/bin/Release/net10.0/stormline.dll "$@"
