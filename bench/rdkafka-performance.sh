#!/usr/bin/env bash
# librdkafka's own performance tool (examples/rdkafka_performance.c, built against the installed librdkafka) producing
# to `stormline broker` (its own process, data on disk under the default flush policy) and, as the peer in the same
# run, to librdkafka's in-memory mock broker (test.mock.num.brokers=1, inside the tool's process). acks=all,
# idempotent, linger 5 ms, 4 partitions, a fresh topic per round; 100 B and 1 KiB values; the targets alternate
# (stormline, mock, mock, stormline) and each figure is over both of its rounds. Prints records/s, MB/s, the ratio
# stormline/mock, and CPU-seconds per GB taken: the broker process alone, and client + broker (the mock's CPU is
# inside the client's process, so only that sum compares). Issue 13's targets: >= 1.0x the mock, <= 1 CPU-second per GB.
#
# The tool is built against the librdkafka that Confluent.Kafka ships (the librdkafka.redist package in the NuGet
# cache, restored by any build), from that version's source: LIBRDKAFKA_SRC, a librdkafka git checkout (default
# /work/.mirror/confluentinc+librdkafka/repo). Needs gcc. Do not install Debian's librdkafka-dev for this: its
# unversioned librdkafka.so is found by Confluent.Kafka before its own copy, and every .NET client on the machine then
# fails on a missing entry point. Build the CLI first (dotnet build src/Stormline.Cli -c Release). Run with the
# machine otherwise idle.
# Usage: bench/rdkafka-performance.sh [records at 100 B, default 4000000] [records at 1 KiB, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-4000000}
large=${2:-1000000}
src=${LIBRDKAFKA_SRC:-/work/.mirror/confluentinc+librdkafka/repo}
redist=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/librdkafka.redist/*/ 2>/dev/null | sort -V | tail -1)
[ -n "$redist" ] || { echo "librdkafka.redist is not in the NuGet cache: build the solution first" >&2; exit 2; }
version=$(basename "$redist")
# The build Confluent.Kafka loads on glibc Linux: its dependencies (OpenSSL, SASL, zstd, …) linked in.
library=${redist}runtimes/linux-x64/native/centos8-librdkafka.so
[ -d "$src/.git" ] || [ -f "$src/HEAD" ] || { echo "LIBRDKAFKA_SRC=$src is not a librdkafka git checkout" >&2; exit 2; }
# The library's own tag, or else the newest release before it (the tool uses only the public API and librdkafka's ABI is stable).
tag=$( { git -C "$src" tag -l 'v[0-9]*' | grep -vE -- '-(RC|rc)' ; echo "v$version~"; } | sort -V | sed -n "/^v$version~\$/q;p" | tail -1)
git -C "$src" rev-parse -q --verify "v$version^{commit}" >/dev/null && tag=v$version
[ -n "$tag" ] || { echo "$src has no release tag up to v$version" >&2; exit 2; }

work=$(mktemp -d)
broker_pid=
cleanup() {
  [ -n "$broker_pid" ] && kill -TERM "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The tool includes librdkafka's internal headers, which need the configure step's config.h.
git -C "$src" archive "$tag" | tar -x -C "$work"
# Its soname is librdkafka.so.1, as Debian's (kcat's) is: a copy under that name beside the tool, found through the
# tool's run path before the system's.
mkdir -p "$work/lib" && cp "$library" "$work/lib/librdkafka.so.1"
(cd "$work" && ./configure >/dev/null 2>&1 && gcc -O2 -I src examples/rdkafka_performance.c -o rdkafka_performance "$work/lib/librdkafka.so.1" -Wl,-rpath,"$work/lib" -lpthread -lm)
tool=$work/rdkafka_performance
loaded=$(ldd "$tool" | awk '/librdkafka/ {print $3}')
[ "$loaded" = "$work/lib/librdkafka.so.1" ] || { echo "rdkafka_performance would load $loaded, not Confluent.Kafka's librdkafka" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet src/Stormline.Cli/bin/Release/net10.0/stormline.dll broker --port "$port" --data-dir "$work/broker" -c num.partitions=4 >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }
common=(-P -a -1 -X enable.idempotence=true -X linger.ms=5 -q)

# One round: prints "records/s MB/s client-cpu broker-cpu"
round() {
  local target=$1 size=$2 count=$3 topic="perf-$RANDOM$RANDOM" out b0 b1
  local args=("${common[@]}" -t "$topic" -s "$size" -c "$count")
  if [ "$target" = mock ]; then
    args+=(-b mock:9092 -X test.mock.num.brokers=1)
  else
    args+=(-b "127.0.0.1:$port")
  fi
  b0=$(cpu_of "$broker_pid")
  out=$( { /usr/bin/time -f "time %U %S" "$tool" "${args[@]}" 2>&1; } 2>&1 )
  b1=$(cpu_of "$broker_pid")
  local rate mb user sys
  rate=$(grep -oE '[0-9]+ msgs/s' <<<"$out" | tail -1 | cut -d' ' -f1)
  mb=$(grep -oE '[0-9.]+ MB/s' <<<"$out" | tail -1 | cut -d' ' -f1)
  read -r _ user sys < <(grep -E '^time ' <<<"$out" | tail -1)
  [ -n "$rate" ] || { echo "rdkafka_performance failed against $target:" >&2; echo "$out" | tail -5 >&2; exit 1; }
  local broker=0
  [ "$target" = stormline ] && broker=$(awk -v a="$b0" -v b="$b1" 'BEGIN {print b - a}')
  echo "$rate $mb $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $broker"
}

echo "## bench/rdkafka-performance.sh $small $large — $(date -u +%FT%TZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "librdkafka $version (Confluent.Kafka's; rdkafka_performance built from the $tag source); stormline broker on 127.0.0.1:$port"
echo
echo "| size | target | records/s (rounds) | MB/s | broker CPU-s per GB | client + broker CPU-s per GB |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for spec in "100:$small" "1024:$large"; do
  size=${spec%%:*}; count=${spec##*:}
  declare -A rate=() mbs=() client=() brk=() rounds=()
  for target in stormline mock mock stormline; do
    read -r r m c b < <(round "$target" "$size" "$count")
    rounds[$target]="${rounds[$target]:+${rounds[$target]}, }$r"
    rate[$target]=$(awk -v a="${rate[$target]:-0}" -v b="$r" 'BEGIN {print a + b}')
    mbs[$target]=$(awk -v a="${mbs[$target]:-0}" -v b="$m" 'BEGIN {print a + b}')
    client[$target]=$(awk -v a="${client[$target]:-0}" -v b="$c" 'BEGIN {print a + b}')
    brk[$target]=$(awk -v a="${brk[$target]:-0}" -v b="$b" 'BEGIN {print a + b}')
  done
  gb=$(awk -v n="$count" -v s="$size" 'BEGIN {print 2 * n * s / 1e9}')
  for target in stormline mock; do
    broker_per_gb=$( [ "$target" = stormline ] && awk -v c="${brk[$target]}" -v g="$gb" 'BEGIN {printf "%.2f", c / g}' || echo "(in client)")
    echo "| $size B | $target | $(awk -v r="${rate[$target]}" 'BEGIN {printf "%.0f", r / 2}') (${rounds[$target]}) |" \
      "$(awk -v m="${mbs[$target]}" 'BEGIN {printf "%.1f", m / 2}') | $broker_per_gb |" \
      "$(awk -v c="${client[$target]}" -v b="${brk[$target]}" -v g="$gb" 'BEGIN {printf "%.2f", (c + b) / g}') |"
  done
  echo "| $size B | ratio stormline / mock | $(awk -v a="${rate[stormline]}" -v b="${rate[mock]}" 'BEGIN {printf "%.2f", a / b}') | | | |"
  unset rate mbs client brk rounds
done
