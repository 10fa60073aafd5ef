#!/usr/bin/env bash
# Critical-path scheduling benchmark (issue 20, item 6; docs/scheduling.md): a generated project with one
# long chain and many independent models (bench/gen_chain.py), run on the fake Athena with a fixed query
# latency through the real CLI, against the lower bound max(critical path, total work / threads), both
# taken from the run's own target/run_results.json (each model's execution_time) and manifest.json.
#
#   bench/chain.sh [--swiftdbt PATH] [--fake PATH] [--latency 1] [--chain 24] [--leaves 120] [--threads 8]
#                  [--runs 3] [--chain-first]
#
# Run 1 has no earlier run_results.json (every model weighs the same); later runs weight the path by the
# previous run's durations. Defaults use this worktree's debug build (.build/debug); pass --swiftdbt and
# --fake to compare other builds, e.g. main's. Output in bench/out/chain-* (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
swiftdbt=$root/.build/debug/swiftdbt
fake=$root/.build/debug/swiftdbt-fake-aws
latency=1 chain=24 leaves=120 threads=8 runs=3 order=()
while [ $# -gt 0 ]; do
  case "$1" in
    --swiftdbt) swiftdbt=$(realpath "$2"); shift 2 ;;
    --fake) fake=$(realpath "$2"); shift 2 ;;
    --latency) latency=$2; shift 2 ;;
    --chain) chain=$2; shift 2 ;;
    --leaves) leaves=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --chain-first) order=(--chain-first); shift ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
[ -x "$swiftdbt" ] && [ -x "$fake" ] || { echo "chain: build first (swift build), or pass --swiftdbt and --fake" >&2; exit 1; }
export SWIFTDBT_PYTHON=${SWIFTDBT_PYTHON:-$root/.venv/bin/python}

out=$root/bench/out/chain-$$
rm -rf "$out" && mkdir -p "$out"
port=$((20000 + RANDOM % 20000))
"$fake" --port "$port" --latency "$latency" >"$out/fake.log" 2>&1 &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/fake.log" && break; sleep 0.1; done
grep -q listening "$out/fake.log" || { cat "$out/fake.log" >&2; exit 1; }

python3 bench/gen_chain.py --out "$out/project" --chain "$chain" --leaves "$leaves" --threads "$threads" "${order[@]}"
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=fake AWS_SECRET_ACCESS_KEY=fake AWS_REGION=eu-west-1
export AWS_CONFIG_FILE=$out/none AWS_SHARED_CREDENTIALS_FILE=$out/none NO_COLOR=1
echo "chain benchmark: $swiftdbt, chain $chain + $leaves leaves, $threads threads, latency ${latency}s"
for run in $(seq "$runs"); do
  start=$(date +%s.%N)
  (cd "$out/project" && "$swiftdbt" run --target dev --profiles-dir . >"$out/run$run.log" 2>&1) || { tail -20 "$out/run$run.log"; exit 1; }
  end=$(date +%s.%N)
  python3 - "$out/project/target" "$threads" "$start" "$end" "$run" <<'PY'
import json, sys
target, threads, start, end, run = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
rr = json.load(open(f"{target}/run_results.json"))
nodes = json.load(open(f"{target}/manifest.json"))["nodes"]
work = {r["unique_id"]: r["execution_time"] for r in rr["results"]}
memo = {}
def path(u):  # the heaviest path ending at u, its own time included
    if u not in memo:
        memo[u] = work[u] + max((path(p) for p in nodes[u]["depends_on"]["nodes"] if p in work), default=0)
    return memo[u]
critical = max(path(u) for u in work)
total = sum(work.values())
bound = max(critical, total / threads)
span = rr["elapsed_time"]
print(f"  run {run}: scheduling span {span:.2f} s, bound {bound:.2f} s (critical path {critical:.2f} s, work {total:.2f} s / {threads}), "
      f"+{(span / bound - 1) * 100:.1f} %; whole command {end - start:.2f} s")
PY
done
