#!/usr/bin/env bash
# The RTSA demo on the local DuckDB target: sample lake → seeds, models and tests → the latest
# Technology vs Defense returns. `make demo` runs this after bootstrapping and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(swift build -c release --show-bin-path)/swiftdbt"
export SWIFTDBT_DUCKDB="${SWIFTDBT_DUCKDB:-$PWD/.venv/bin/duckdb}"

# profiles.yml is the user's own file; the demo uses the example's targets unless one exists.
PROFILES_DIR="$PWD"
if [ ! -f profiles.yml ]; then
  PROFILES_DIR="$PWD/target/demo-profiles"
  mkdir -p "$PROFILES_DIR"
  cp profiles.example.yml "$PROFILES_DIR/profiles.yml"
fi

echo "==> writing the sample lake (Kafka Connect S3 sink layout) under lake/"
python3 scripts/produce_ticks.py --out lake

echo "==> swiftdbt build --target local"
"$BIN" build --target local --profiles-dir "$PROFILES_DIR"

echo
echo "==> how old is the newest tick: swiftdbt source freshness --target local"
# The sample lake ends on the producer's --end-date, so it may well be stale (exit 1): that is the
# answer, not a demo failure. A query that fails is ("runtime error" in target/sources.json).
"$BIN" source freshness --target local --profiles-dir "$PROFILES_DIR" || true
python3 - <<'PY'
import json, sys
results = json.load(open("target/sources.json"))["results"]
for r in results:
    if r["status"] == "runtime error":
        sys.exit(f"source freshness failed for {r['unique_id']}: {r.get('error')}")
    age = r["max_loaded_at_time_ago_in_s"]
    print(f"newest tick: {r['max_loaded_at']} ({age / 86400:.1f} days ago, {r['status']})")
PY

echo
echo "==> latest Technology vs Defense returns"
"$BIN" show --target local --profiles-dir "$PROFILES_DIR" --limit 10 --inline "
  select group_name, trade_date, avg_close, return_7d, return_30d, return_90d
  from << ref('gold_grouped_returns') >>
  where trade_date = (select max(trade_date) from << ref('gold_grouped_returns') >>)
  order by group_name"
