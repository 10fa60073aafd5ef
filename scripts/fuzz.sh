#!/usr/bin/env bash
# `make fuzz`: builds swiftdbt-fuzz with libFuzzer (swift build -Xswiftc -sanitize=fuzzer) in its own
# scratch folder .build-fuzz, so the normal .build is never touched, then fuzzes each target in turn.
#
#   FUZZ_TIME     seconds in total, split evenly across the targets run (default 600)
#   FUZZ_TARGETS  which targets, in order (default: template yaml selector csv)
#   FUZZ_TIMEOUT  wall-clock seconds one input may take before libFuzzer calls it a hang (default 60:
#               on a shared machine a busy CPU stretches a 1 s input to 10 s or more)
#
# Each target starts from the seeds SDFuzz.FuzzCorpus takes from the project's own files plus the
# regression corpus, and keeps what it learns in .build-fuzz/corpus/<target>/. An input that
# crashes, hangs or runs out of memory is written to fuzz/regressions/<target>/, which
# SDFuzzTests replays in `make test`: commit it with the fix (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
total=${FUZZ_TIME:-600}
read -r -a targets <<< "${FUZZ_TARGETS:-template yaml selector csv}"
per=$(( total / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1

SWIFTDBT_FUZZ=1 "$SWIFT" build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer --product swiftdbt-fuzz
bin="$PWD/.build-fuzz/debug/swiftdbt-fuzz"
# Swift's own crash backtracer would take the signal before libFuzzer and the crashing input
# would never be written; libFuzzer prints its own stack trace.
export SWIFT_BACKTRACE=enable=no

status=0
for t in "${targets[@]}"; do
  seeds=".build-fuzz/seeds/$t" corpus=".build-fuzz/corpus/$t" found="fuzz/regressions/$t"
  rm -rf "$seeds"
  mkdir -p "$corpus" "$found"
  "$bin" seeds "$t" "$PWD" "$seeds"
  echo "fuzz: $t for ${per}s"
  # One process, one worker: the machine is shared. libFuzzer stops at the first crash or hang of
  # the target, records it under $found and exits non-zero; the other targets still run.
  # Slow inputs are reported only at the hang limit, so the regression corpus holds crashes and hangs.
  timeout="${FUZZ_TIMEOUT:-60}"
  if ! "$bin" "$t" -max_total_time="$per" -timeout="$timeout" -report_slow_units="$timeout" -rss_limit_mb=2048 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$found/" "$corpus" "$seeds"; then
    echo "fuzz: $t found a crash or hang; the input is in $found/" >&2
    status=1
  fi
done
exit "$status"
