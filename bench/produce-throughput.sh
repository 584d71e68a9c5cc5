#!/usr/bin/env bash
# Produce throughput through librdkafka (Confluent.Kafka, acks=all, idempotent, 100 B values) against the broker
# running as its own process, with librdkafka's in-memory mock cluster measured in the same run as the peer.
# The benchmark (tests/Stormline.Broker.Tests/Bench/ProduceThroughputBench.cs, trait Category=Bench) is skipped in
# the default test run and runs only here.
#
# Usage: bench/produce-throughput.sh [messages] [partitions] [topic configs, e.g. flush.messages=1]
set -euo pipefail
cd "$(dirname "$0")/.."
export STORMLINE_BENCH=1
export STORMLINE_BENCH_MESSAGES="${1:-2000000}"
export STORMLINE_BENCH_PARTITIONS="${2:-4}"
export STORMLINE_BENCH_CONFIG="${3:-}"
log=$(mktemp)
set +e
dotnet test tests/Stormline.Broker.Tests -c Release --filter "Category=Bench" --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "msg/s|ratio|x 100 B|data on disk|Passed Storm|Failed Storm|error"
status=${PIPESTATUS[0]}
set -e
if ! grep -qE "^\s*Passed Stormline\.Broker\.Tests\.Bench\." "$log"; then
  echo "produce-throughput: the benchmark did not pass (not run, skipped or failed)" >&2
  status=1
fi
rm -f "$log"
exit "$status"
