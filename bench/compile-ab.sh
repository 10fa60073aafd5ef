#!/usr/bin/env bash
# Two swiftdbt binaries back to back on the same 10k project (issue 20's compile figures), so that a
# before/after ratio is measured under the same machine load: for each of REPS rounds, each binary
# runs cold (no target/), warm with nothing changed, warm after one model was edited, and `ls`.
# Prints the median wall time, CPU time and peak RSS of each case per binary, and after/before.
#
#   bench/compile-ab.sh BEFORE_BINARY AFTER_BINARY [REPS]      (REPS defaults to 5)
#
# Each binary gets its own copy of the project (bench/out/projects/ab-before, ab-after), so the
# compile cache one writes is never read by the other. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then sed -n '2,10p' "$0"; exit 2; fi
before=$(realpath "$1")
after=$(realpath "$2")
reps=${3:-5}

src=bench/out/projects/compile-swiftdbt-10000
if [ "$(cat "$src/.bench-generated" 2>/dev/null)" != "swiftdbt 10000 42 2000" ]; then
  rm -rf "$src"
  python3 bench/gen_project.py --flavour swiftdbt --models 10000 --out "$src" --seed 42 --ticks 2000 2>/dev/null
  echo "swiftdbt 10000 42 2000" > "$src/.bench-generated"
fi
samples=$(mktemp)
for side in before after; do
  rm -rf "bench/out/projects/ab-$side"
  cp -r "$src" "bench/out/projects/ab-$side"
done

# run SIDE CASE CMD... -> appends "side case wall rss user sys" to the samples.
run() {
  local side=$1 case=$2 stats start end
  shift 2
  stats=$(mktemp)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M %U %S' -o "$stats" "$@" > bench/out/compile-ab-last.log 2>&1 || {
    echo "compile-ab.sh: '$*' failed; see bench/out/compile-ab-last.log" >&2
    exit 1
  }
  end=$(date +%s.%N)
  read -r rss user sys < "$stats"
  rm -f "$stats"
  echo "$side $case $(python3 -c "print(f'{$end - $start:.3f}')") $((rss / 1024)) $user $sys" >> "$samples"
}

mkdir -p "bench/out/trash-ab-$$"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $reps rounds"
for ((i = 1; i <= reps; i++)); do
  for side in before after; do
    bin=$before
    [ "$side" = after ] && bin=$after
    p="bench/out/projects/ab-$side"
    args=(--project-dir "$p" --profiles-dir "$p" --no-color --quiet)
    # Moved aside, not deleted: see bench/compile.sh on ext4 and recently deleted inodes.
    if [ -d "$p/target" ]; then mv "$p/target" "bench/out/trash-ab-$$/$side-$i"; fi
    run "$side" cold "$bin" compile "${args[@]}"
    run "$side" warm "$bin" compile "${args[@]}"
    gold=("$p"/models/gold/*.sql)
    edited=${gold[0]}
    printf -- '-- edited by bench/compile-ab.sh round %s\n' "$i" >> "$edited"
    run "$side" edit "$bin" compile "${args[@]}"
    run "$side" ls "$bin" ls "${args[@]}"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$samples" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = lambda side, case, f: statistics.median(f(r) for r in rows if r[0] == side and r[1] == case)
names = {"cold": "10,000 models, cold (no target/)", "warm": "10,000 models, warm, nothing changed",
         "edit": "10,000 models, warm, one model edited", "ls": "10,000 models, `ls`"}
print("\n| case | before wall (s) | after wall (s) | after/before wall | before CPU (s) | after CPU (s) "
      "| after/before CPU | RSS before/after (MiB) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for case, label in names.items():
    w = [med(s, case, lambda r: float(r[2])) for s in ("before", "after")]
    c = [med(s, case, lambda r: float(r[4]) + float(r[5])) for s in ("before", "after")]
    m = [med(s, case, lambda r: int(r[3])) for s in ("before", "after")]
    print(f"| {label} | {w[0]:.2f} | {w[1]:.2f} | {w[1] / w[0]:.2f} | {c[0]:.2f} | {c[1]:.2f} | {c[1] / c[0]:.2f} "
          f"| {m[0]:.0f} / {m[1]:.0f} |")
EOF
rm -f "$samples"
rm -rf "bench/out/trash-ab-$$"
