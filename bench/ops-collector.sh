#!/usr/bin/env bash
# Cost of one Stormline.Ops collector poll against the embedded broker (its own process) holding 1,000 topics x 10
# partitions and 200 consumer groups: time per poll, allocation per poll and retained memory per snapshot, with a
# per-object AdminClient loop and kcat -L measured in the same run as peers. Results: docs/benchmarks.md.
#
# Usage: bench/ops-collector.sh [--topics N] [--partitions N] [--groups N] [--polls N] [--naive-polls N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kcat >/dev/null 2>&1 || { echo "ops-collector: kcat is missing (apt-get install kcat, or run ./test.sh)" >&2; exit 2; }
dotnet build src/Stormline.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/Stormline.Bench.Ops -c Release -v q -nologo >/dev/null
exec dotnet bench/Stormline.Bench.Ops/bin/Release/net10.0/stormline-bench-ops.dll "$@"
