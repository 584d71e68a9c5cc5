#!/usr/bin/env bash
# What SASL_SSL costs the embedded broker: produce throughput through librdkafka (Confluent.Kafka, acks=all, idempotent,
# 100 B values) over a PLAINTEXT and a SASL_SSL (SCRAM-SHA-512 over TLS) listener of the same broker process, in the
# same run with the same settings, and their ratio. The benchmark
# (tests/Stormline.Broker.Tests/Bench/SecurityThroughputBench.cs, trait Category=Bench) is skipped in the default test
# run and runs only here. Run it on an idle machine.
#
# Usage: bench/security.sh [messages] [partitions]
set -euo pipefail
cd "$(dirname "$0")/.."
export STORMLINE_BENCH_SECURITY=1
export STORMLINE_BENCH_MESSAGES="${1:-2000000}"
export STORMLINE_BENCH_PARTITIONS="${2:-4}"
log=$(mktemp)
set +e
dotnet test tests/Stormline.Broker.Tests -c Release --filter "FullyQualifiedName~SecurityThroughputBench" --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "msg/s|ratio|x 100 B|both rounds|Passed Storm|Failed Storm|error"
status=${PIPESTATUS[0]}
set -e
if ! grep -qE "^\s*Passed Stormline\.Broker\.Tests\.Bench\.SecurityThroughputBench" "$log"; then
  echo "security: the benchmark did not pass (not run, skipped or failed)" >&2
  status=1
fi
rm -f "$log"
exit "$status"
