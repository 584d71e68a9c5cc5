#!/usr/bin/env bash
# The services' event codec per event (issue 14's encoding target): Avro through the direct JSON <-> Avro codec, Apache
# Avro's generic datums (the path before it) and JSON Schema framing, in alternating rounds in one process.
# Usage: bench/codec.sh [EVENTS_PER_ROUND] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Stormline.Bench.Codec -c Release -nologo -v q -clp:NoSummary >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Stormline.Bench.Codec/bin/Release/net10.0/stormline-bench-codec.dll "${1:-200000}" "${2:-5}"
