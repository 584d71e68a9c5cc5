#!/usr/bin/env bash
# Start-up cost of the test kit (issue: Stormline.Testing): in-process StartAsync → first record, a 50-test class on
# one shared kit, and `stormline broker` as a process → first record. Usage: bench/kit-startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Stormline.Cli -c Release -v quiet >/dev/null
dotnet build bench/Stormline.Bench.KitStartup -c Release -v quiet >/dev/null
dotnet bench/Stormline.Bench.KitStartup/bin/Release/net10.0/stormline-bench-kit.dll "${1:-15}" src/Stormline.Cli/bin/Release/net10.0/stormline.dll
