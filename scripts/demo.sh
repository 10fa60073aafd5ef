#!/usr/bin/env bash
# The RTSA demo on the local DuckDB target (filled in as the pipeline lands).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(swift build -c release --show-bin-path)/swiftdbt
"$BIN" compile --target local
