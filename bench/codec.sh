#!/usr/bin/env bash
# The services' event codec per event (issue 14's encoding target): Avro through the direct JSON <-> Avro codec, Apache
# Avro's generic datums (the path before it) and JSON Schema framing, in alternating rounds in one process.
# Usage: bench/codec.sh [EVENTS_PER_ROUND] [ROUNDS]; bench/codec.sh personal-data [EVENTS_PER_ROUND] [ROUNDS] measures
# sealing and opening the event's personal field (the store's crypto-shredding) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Stormline.Bench.Codec -c Release -nologo -v q -clp:NoSummary >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${1:-}" = personal-data ]; then
    dotnet bench/Stormline.Bench.Codec/bin/Release/net10.0/stormline-bench-codec.dll personal-data "${2:-200000}" "${3:-5}"
else
    dotnet bench/Stormline.Bench.Codec/bin/Release/net10.0/stormline-bench-codec.dll "${1:-200000}" "${2:-5}"
fi
