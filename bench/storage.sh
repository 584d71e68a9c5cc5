#!/usr/bin/env bash
# The partition log on its own, in-process (Release): append, fetch-style reads, timestamp lookups, reopening after
# a clean close and after a crash, and group commit under flush.messages=1 with 1, 4 and 16 appending threads. The benchmark (tests/Stormline.Broker.Tests/Bench/StorageBench.cs, trait
# Category=Bench) is skipped in the default test run and runs only here.
set -euo pipefail
cd "$(dirname "$0")/.."
export STORMLINE_BENCH=1
log=$(mktemp)
set +e
dotnet test tests/Stormline.Broker.Tests -c Release --filter "FullyQualifiedName~StorageBench" --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "append|read|offset for|open after|flush.messages|Passed Storm|Failed Storm|error"
status=${PIPESTATUS[0]}
set -e
if [ "$(grep -cE "^\s*Passed Stormline\.Broker\.Tests\.Bench\.StorageBench\." "$log")" -lt 2 ]; then
  echo "storage: the benchmark did not pass (not run, skipped or failed)" >&2
  status=1
fi
rm -f "$log"
exit "$status"
