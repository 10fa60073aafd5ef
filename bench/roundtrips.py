#!/usr/bin/env python3
"""Splits swiftdbt's per-model run overhead into extra SQL work and request round trips.

Replays, against the duckdb CLI driven the way SDDuckDB's DuckDBProcess drives it (`-json
-interactive -no-init`, one `.print <marker>` per request, read until the marker), the statements
DuckDBEngine.build sends for each model of a raw-sql flavour project:

  view : kindOf (information_schema lookup); begin; create or replace view; commit
  table: kindOf; begin; drop tmp; create tmp as; alter tmp rename; commit; select count(*)

Modes (each on a fresh database prepared with the project's setup.sql):
  raw-stream       the raw statements, all in one request (the baseline bench.py uses, but interactive)
  swiftdbt-stream  swiftdbt's statements, all in one request: the cost of the extra SQL alone
  swiftdbt-each    swiftdbt's statements, one request each: what swiftdbt does today
  one-per-model    one request per model (transaction + count), no kindOf: the proposed batching

Usage: bench/roundtrips.py RAW_SQL_DIR [--reps N] [--duckdb PATH]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
MODES = ["raw-stream", "swiftdbt-stream", "swiftdbt-each", "one-per-model"]


def quoted(name):
    return '"warehouse"."main"."%s"' % name


def requests_for(models, mode):
    """The requests (lists of statements sent together) one run sends in `mode`."""
    out = []
    for name, kind, body in models:
        kind_of = ("select table_type from information_schema.tables where table_catalog = 'warehouse' "
                   "and table_schema = 'main' and table_name = '%s'" % name)
        if kind == "view":
            tx = ["begin transaction", "create or replace view %s as (\n%s\n)" % (quoted(name), body), "commit"]
            count = []
        else:
            tmp = quoted(name + "__swiftdbt_tmp")
            tx = ["begin transaction", "drop table if exists %s" % tmp,
                  "create table %s as (\n%s\n)" % (tmp, body),
                  'alter table %s rename to "%s"' % (tmp, name), "commit"]
            count = ["select count(*) from %s" % quoted(name)]
        if mode == "raw-stream":
            out.append(["create or replace %s main.%s as (\n%s\n)" % (kind, name, body)])
        elif mode == "swiftdbt-stream":
            out.append([kind_of] + tx + count)
        elif mode == "swiftdbt-each":
            out += [[s] for s in [kind_of] + tx + count]
        else:
            out.append(tx + count)
    if mode.endswith("-stream"):
        out = [[s for r in out for s in r]]
    return out


def one_run(duckdb, raw_dir, models, mode):
    db = os.path.join(raw_dir, "warehouse.duckdb")
    for suffix in ("", ".wal"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    with open(os.path.join(raw_dir, "setup.sql"), "rb") as setup:
        subprocess.run([duckdb, "-no-init", "-bail", db], stdin=setup, check=True,
                       stdout=subprocess.DEVNULL)
    reqs = requests_for(models, mode)
    env = dict(os.environ, DUCKDB_HISTORY="")
    start = time.perf_counter()
    proc = subprocess.Popen([duckdb, "-json", "-interactive", "-no-init", db], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, bufsize=0)
    os.set_blocking(proc.stderr.fileno(), False)

    def send(statements, k):
        marker = ("swiftdbt-end-%d\n" % k).encode()
        proc.stdin.write(("".join(s + ";\n" for s in statements) + ".print " + marker.decode()).encode())
        buf = b""
        while not (buf.endswith(b"\n") and marker in buf):
            chunk = os.read(proc.stdout.fileno(), 1 << 16)
            if not chunk:
                raise RuntimeError("duckdb exited early")
            buf += chunk

    send(["select 1"], -1)  # the banner, as DuckDBProcess's first request
    for i, r in enumerate(reqs):
        send(r, i)
    proc.stdin.close()
    proc.wait()
    wall = time.perf_counter() - start
    err = proc.stderr.read() or b""
    if err.strip():
        raise RuntimeError("%s: duckdb reported errors: %s" % (mode, err[:300].decode("utf-8", "replace")))
    return wall, len(reqs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw_dir")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--duckdb", default=os.path.join(os.path.dirname(BENCH_DIR), ".venv", "bin", "duckdb"))
    args = ap.parse_args()
    duckdb = args.duckdb
    lib = os.path.join(os.path.dirname(os.path.dirname(duckdb)), "lib")
    for entry in sorted(os.listdir(lib)) if os.path.isdir(lib) else []:
        cand = os.path.join(lib, entry, "site-packages", "duckdb_cli", "duckdb")
        if os.path.isfile(cand):
            duckdb = cand  # the real binary, not PyPI's Python launcher
    with open(os.path.join(args.raw_dir, "models.sql")) as f:
        text = f.read()
    models = [(n, k, b) for n, _layer, k, _n2, b in re.findall(
        r"-- (\S+) \((\w+)\)\ncreate or replace (view|table) main\.(\S+) as \(\n(.*?)\n\);\n", text, re.S)]
    samples = {m: [] for m in MODES}
    counts = {}
    for _ in range(args.reps):
        for mode in MODES:  # interleaved, so load drifts hit every mode alike
            wall, n = one_run(duckdb, args.raw_dir, models, mode)
            samples[mode].append(wall)
            counts[mode] = n
    base = statistics.median(samples["raw-stream"])
    print("| mode (%d models, median of %d) | requests | wall (s) | over raw-stream, per model (ms) |" % (len(models), args.reps))
    print("|---|---:|---:|---:|")
    for mode in MODES:
        w = statistics.median(samples[mode])
        print("| %s | %d | %.2f | %.1f |" % (mode, counts[mode], w, (w - base) / len(models) * 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
