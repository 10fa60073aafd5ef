#!/usr/bin/env bash
# The Athena target's speed benchmark (issue 6): 200 generated models on the in-memory fake
# Athena/Glue/S3 with 1 s simulated query latency and 8 threads, against the lower bound
# max(longest chain, models / threads) × latency, and the AWS calls per model. It runs through the
# test runner (it needs the fake server in-process) but only when SWIFTDBT_ATHENA_BENCH is set, so
# `make test` never times anything.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null
SWIFTDBT_ATHENA_BENCH=1 swift test --skip-build --filter AthenaBenchmarkTests 2>&1 | grep -E "athena benchmark|✔|✘"
