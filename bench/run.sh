#!/usr/bin/env bash
# Entry point of the swiftdbt vs dbt-core benchmarks (see docs/benchmarks.md).
#
#   bench/run.sh            full run: compile 1,000 / 10,000 models, run overhead on 500, median of 3
#   bench/run.sh --quick    compile 200 / 1,000, run overhead on 200, one repetition (a few minutes)
#   bench/run.sh --dbt-10k  also time dbt compile on 10,000 models (several minutes per repetition)
#   bench/run.sh --help     every option of bench/bench.py
#
# Installs what is missing before measuring: Debian's GNU `time` (for peak RSS), the duckdb CLI
# (scripts/bootstrap.sh -> .venv/bin/duckdb), dbt-core + dbt-duckdb from the pinned requirements
# into bench/.venv-dbt (without dependency resolution: dbt-core 1.12 wants a Rust parser package
# that has no wheel here), and an up-to-date release build of swiftdbt (`swift build -c release`,
# a few seconds when nothing changed; skipped with SWIFTDBT_BENCH_NO_BUILD=1 or --swiftdbt PATH).
# Outputs go to bench/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

REQS=${SWIFTDBT_BENCH_DBT_REQUIREMENTS:-bench/dbt-requirements.txt}
DBT_VENV=bench/.venv-dbt

skip_build=${SWIFTDBT_BENCH_NO_BUILD:-0}
for arg in "$@"; do
  case "$arg" in
    -h|--help) exec python3 bench/bench.py --help ;;
    --swiftdbt|--swiftdbt=*) skip_build=1 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time (Debian package \`time\`)" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null
  fi
fi

./scripts/bootstrap.sh

if [ ! -x "$DBT_VENV/bin/dbt" ]; then
  echo "bench: installing dbt-core + dbt-duckdb from $REQS into $DBT_VENV" >&2
  python3 -m venv "$DBT_VENV"
  "$DBT_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$REQS"
fi

# Always build (unless told not to) so the figures belong to the sources checked out; the
# first release build takes several minutes on a 2-core machine.
if [ "$skip_build" != 1 ]; then
  echo "bench: swift build -c release --product swiftdbt" >&2
  swift build -c release --product swiftdbt >&2
fi

exec python3 bench/bench.py "$@"
