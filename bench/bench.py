#!/usr/bin/env python3
"""Side-by-side benchmarks of swiftdbt and dbt-core on generated projects.

Run through bench/run.sh, which installs what is missing first. Two benchmarks:

  compile  `swiftdbt compile` (release build) and `dbt compile` on the same generated
           project, cold (no target/) and warm (target/ left by the previous compile):
           wall time and peak RSS, median over --reps.
  run      per-model overhead of `swiftdbt run` and `dbt run` (dbt-duckdb): the tool's wall
           time minus the wall time of the duckdb CLI alone executing the same, fully resolved
           statements (the raw-sql flavour), divided by the number of models. Every timed
           invocation starts from a freshly prepared database holding only the source table
           and the seed, so all three do the same SQL work.

Results go to stdout and to bench/out/results.md (plus every sample in results.json).
Standard library only.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
DEFAULT_OUT = os.path.join(BENCH_DIR, "out")
DEFAULT_GEN = os.environ.get("SWIFTDBT_BENCH_GEN", os.path.join(BENCH_DIR, "gen_project.py"))
TIME_BIN = "/usr/bin/time"
SEED = 42
TICKS = 2000


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------
# process helpers


def log_path(out, name):
    d = os.path.join(out, "logs")
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, name + ".log")


class Sample:
    """One timed invocation."""

    def __init__(self, wall, rss_kib, cpu, load):
        self.wall = wall        # seconds, monotonic clock around the process
        self.rss_kib = rss_kib  # GNU time %M
        self.cpu = cpu          # user + system seconds of the process and its waited-for children
        self.load = load        # 1-minute load average just before the start

    def as_json(self):
        return {"wall_s": round(self.wall, 4), "peak_rss_kib": self.rss_kib,
                "cpu_s": round(self.cpu, 3), "load1": round(self.load, 2)}


def timed(cmd, log, env=None, stdin_path=None, cwd=None):
    """Runs cmd under GNU time and returns a Sample.

    Wall time comes from a monotonic clock around the process (GNU time's %e only has
    10 ms resolution); peak RSS is GNU time's %M, the largest resident set of the
    process or of any descendant it waited for (duckdb children included); CPU is
    %U + %S, which unlike wall time barely moves when other work shares the cores.
    """
    fd, rss_file = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        with open(log, "wb") as logf:
            logf.write(("$ " + " ".join(cmd) + "\n").encode())
            logf.flush()
            load = os.getloadavg()[0]
            start = time.perf_counter()
            proc = subprocess.run([TIME_BIN, "-f", "%U %S %M", "-o", rss_file] + cmd,
                                  stdin=stdin, stdout=logf, stderr=subprocess.STDOUT,
                                  env=env, cwd=cwd)
            wall = time.perf_counter() - start
        with open(rss_file) as f:
            # GNU time writes "Command exited with non-zero status N" first on failure.
            last = [ln for ln in f.read().splitlines() if ln.strip()][-1]
        user, system, rss_kib = last.split()[-3:]
    finally:
        if stdin_path:
            stdin.close()
        os.unlink(rss_file)
    if proc.returncode != 0:
        with open(log, "rb") as f:
            tail = f.read()[-3000:].decode("utf-8", "replace")
        raise BenchError("%s failed with status %d (log %s):\n%s"
                         % (" ".join(cmd), proc.returncode, log, tail))
    return Sample(wall, int(rss_kib), float(user) + float(system), load)


def check_output(cmd, env=None, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, **kw).stdout.decode("utf-8", "replace").strip()


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def mib(kib):
    return kib / 1024.0


# ---------------------------------------------------------------------------
# tools


class Tools:
    def __init__(self, args):
        self.swiftdbt = os.path.abspath(args.swiftdbt)
        self.dbt = os.path.abspath(args.dbt)
        self.duckdb = os.path.abspath(args.duckdb)
        self.gen = os.path.abspath(args.gen)
        for label, path in (("swiftdbt", self.swiftdbt), ("dbt", self.dbt),
                            ("duckdb", self.duckdb), ("gen_project.py", self.gen)):
            if not os.path.exists(path):
                raise BenchError("%s not found at %s (bench/run.sh installs or builds it)" % (label, path))
        self.duckdb_binary = self._real_duckdb(self.duckdb)
        env = dict(os.environ)
        # Same CLI for swiftdbt as for the raw baseline; no colours or telemetry anywhere.
        env["SWIFTDBT_DUCKDB"] = self.duckdb
        env["PATH"] = os.path.dirname(self.duckdb) + os.pathsep + env.get("PATH", "")
        env["NO_COLOR"] = "1"
        env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
        env["DO_NOT_TRACK"] = "1"
        env["DBT_VERSION_CHECK"] = "False"
        env["DBT_USE_COLORS"] = "False"
        env["DBT_PRINTER_WIDTH"] = "120"
        if not args.duckdb_history:
            # The duckdb CLI in -interactive mode (how swiftdbt drives it) loads and appends to
            # ~/.duckdb_history; on this shared machine that file is megabytes long and the CLI's
            # history code (ShellState::SQLIsComplete) then dominates every run. An empty value
            # turns history off (duckdb-cli 1.5.6). See docs/benchmarks.md.
            env["DUCKDB_HISTORY"] = ""
        self.env = env

    @staticmethod
    def _real_duckdb(path):
        """PyPI's bin/duckdb is a Python launcher (~40 ms start); time the binary it runs,
        which is also what swiftdbt starts (see SDDuckDB's DuckDBExecutable.locate)."""
        root = os.path.dirname(os.path.dirname(path))
        libdir = os.path.join(root, "lib")
        if os.path.isdir(libdir):
            for entry in sorted(os.listdir(libdir), reverse=True):
                cand = os.path.join(libdir, entry, "site-packages", "duckdb_cli", "duckdb")
                if entry.startswith("python3.") and os.path.isfile(cand):
                    return cand
        return path

    def versions(self):
        v = {}
        v["swiftdbt"] = "%s (git %s%s)" % (
            self.swiftdbt,
            check_output(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]),
            "" if not check_output(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift"]) else ", dirty Sources")
        v["swift"] = check_output(["swift", "--version"]).splitlines()[0]
        v["duckdb CLI"] = check_output([self.duckdb_binary, "--version"])
        py = os.path.join(os.path.dirname(self.dbt), "python")
        v["dbt-core / dbt-duckdb"] = check_output(
            [py, "-c", "from importlib.metadata import version as v; "
                       "print('dbt-core %s, dbt-duckdb %s, duckdb (python) %s' % "
                       "(v('dbt-core'), v('dbt-duckdb'), v('duckdb')))"])
        v["DUCKDB_HISTORY"] = repr(self.env.get("DUCKDB_HISTORY", "(unset: ~/.duckdb_history)"))
        v["python (dbt venv)"] = check_output([py, "--version"])
        with open(self.gen, "rb") as f:
            v["gen_project.py"] = "%s (sha256 %s)" % (self.gen, hashlib.sha256(f.read()).hexdigest()[:16])
        return v


def cpu_ticks():
    """The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal."""
    try:
        with open("/proc/stat") as f:
            return [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def cpu_share(before, after):
    """How the machine's CPU time went between two cpu_ticks() readings, in percent."""
    if not before or not after:
        return "unavailable"
    d = [b - a for a, b in zip(before, after)]
    total = sum(d) or 1
    pct = lambda x: 100.0 * x / total
    return "user+nice %.0f%%, system %.0f%%, idle %.0f%%, iowait %.0f%%, steal %.0f%% (all processes)" % (
        pct(d[0] + d[1]), pct(d[2] + d[5] + d[6]), pct(d[3]), pct(d[4]), pct(d[7]))


def machine_info():
    info = {"date (UTC)": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")}
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["cpu"] = "%s, %d logical cores" % (cpu or platform.processor() or "?", os.cpu_count() or 0)
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        info["memory"] = "%.1f GiB" % (kib / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    info["kernel"] = platform.platform()
    info["load average at start"] = "%.2f %.2f %.2f" % os.getloadavg()
    return info


# ---------------------------------------------------------------------------
# projects


def generate(tools, flavour, models, dest, log_dir):
    """Generates a project once; a stamp file keeps a finished one from being regenerated."""
    stamp = os.path.join(dest, ".bench-generated")
    key = "%s %d %d %d\n" % (flavour, models, SEED, TICKS)
    if os.path.exists(stamp) and open(stamp).read() == key:
        return dest
    if os.path.exists(dest):
        shutil.rmtree(dest)
    subprocess.run([sys.executable, tools.gen, "--flavour", flavour, "--models", str(models),
                    "--out", dest, "--seed", str(SEED), "--ticks", str(TICKS)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(key)
    return dest


def project_paths(out, models):
    base = os.path.join(out, "projects")
    return {f: os.path.join(base, "%s-%d" % (f, models)) for f in ("swiftdbt", "dbt", "raw-sql")}


def prepare_database(tools, db, setup_sql, log):
    """A fresh database with only raw.ticks and the seed table main.symbol_groups."""
    for suffix in ("", ".wal"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    timed([tools.duckdb_binary, "-no-init", "-bail", db], log, env=tools.env, stdin_path=setup_sql)


def count_main_objects(tools, db):
    out = check_output([tools.duckdb_binary, "-no-init", "-readonly", "-csv", "-noheader", db, "-c",
                        "select count(*) from information_schema.tables where table_schema = 'main'"],
                       env=tools.env)
    return int(out.splitlines()[-1])


def count_files(d, suffix):
    n = 0
    for _, _, files in os.walk(d):
        n += sum(1 for f in files if f.endswith(suffix))
    return n


# ---------------------------------------------------------------------------
# benchmark 1: compile


def compile_commands(tools, tool, proj):
    if tool == "swiftdbt":
        return [tools.swiftdbt, "compile", "--project-dir", proj, "--profiles-dir", proj, "--no-color"]
    return [tools.dbt, "compile", "--project-dir", proj, "--profiles-dir", proj]


def bench_compile(tools, tool, proj, reps, out, label, progress):
    """Cold: target/ removed first. Warm: target/ left by an immediately preceding compile."""
    cmd = compile_commands(tools, tool, proj)
    target = os.path.join(proj, "target")
    cold, warm = [], []
    for rep in range(reps):
        shutil.rmtree(target, ignore_errors=True)
        progress("  %s cold %d/%d" % (label, rep + 1, reps))
        cold.append(timed(cmd, log_path(out, "%s-cold-%d" % (label, rep + 1)), env=tools.env, cwd=proj))
        progress("  %s warm %d/%d" % (label, rep + 1, reps))
        warm.append(timed(cmd, log_path(out, "%s-warm-%d" % (label, rep + 1)), env=tools.env, cwd=proj))
    manifest = os.path.join(target, "manifest.json")
    if not os.path.isfile(manifest):
        raise BenchError("%s: no %s after compile" % (label, manifest))
    compiled = count_files(os.path.join(target, "compiled"), ".sql")
    return {"cmd": " ".join(cmd), "cold": cold, "warm": warm, "compiled_files": compiled,
            "manifest_bytes": os.path.getsize(manifest)}


# ---------------------------------------------------------------------------
# benchmark 2: per-model run overhead


def run_commands(tools, tool, proj, threads):
    if tool == "swiftdbt":
        cmd = [tools.swiftdbt, "run", "--project-dir", proj, "--profiles-dir", proj, "--no-color"]
    else:
        cmd = [tools.dbt, "run", "--project-dir", proj, "--profiles-dir", proj]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    return cmd


def bench_run(tools, models, reps, out, include_dbt, progress):
    paths = project_paths(out, models)
    for flavour, dest in paths.items():
        generate(tools, flavour, models, dest, out)
    raw_dir = paths["raw-sql"]
    setup_sql = os.path.join(raw_dir, "setup.sql")  # the raw flavour's setup also creates the seed table
    models_sql = os.path.join(raw_dir, "models.sql")
    expected = models + 1  # every model plus the seed table

    cases = [("raw duckdb CLI", "raw", None)]
    cases.append(("swiftdbt run --threads 1", "swiftdbt", 1))
    cases.append(("swiftdbt run (profile threads: 4)", "swiftdbt", None))
    if include_dbt:
        cases.append(("dbt run --threads 1", "dbt", 1))

    results = []
    for title, tool, threads in cases:
        if tool == "raw":
            db = os.path.join(raw_dir, "engine.duckdb")
            cmd = [tools.duckdb_binary, "-no-init", "-bail", db]
            stdin = models_sql
            cwd = raw_dir
        else:
            proj = paths[tool]
            db = os.path.join(proj, "warehouse.duckdb")
            cmd = run_commands(tools, tool, proj, threads)
            stdin = None
            cwd = proj
        label = "run-%d-%s-t%s" % (models, tool, threads if threads is not None else "default")
        samples = []
        # One untimed warm-up: checks the case works end to end and leaves dbt's partial-parse
        # state and the OS page cache equally warm for every timed repetition.
        for rep in range(reps + 1):
            prepare_database(tools, db, setup_sql, log_path(out, label + "-setup"))
            what = "warm-up" if rep == 0 else "%d/%d" % (rep, reps)
            progress("  %s %s" % (title, what))
            sample = timed(cmd, log_path(out, "%s-%s" % (label, rep)), env=tools.env,
                           stdin_path=stdin, cwd=cwd)
            if rep == 0:
                built = count_main_objects(tools, db)
                if built != expected:
                    raise BenchError("%s built %d relations in main, expected %d (log %s)"
                                     % (title, built, expected, log_path(out, "%s-0" % label)))
            else:
                samples.append(sample)
        results.append({"title": title, "tool": tool, "threads": threads,
                        "cmd": " ".join(cmd) + (" < " + stdin if stdin else ""), "samples": samples})
    return results


# ---------------------------------------------------------------------------
# report


def fmt_s(x):
    return "%.3f" % x if x < 10 else "%.1f" % x


def med(samples, attr):
    return median([getattr(x, attr) for x in samples])


def compile_table(rows):
    lines = ["| models | tool | cold wall (s) | cold CPU (s) | cold peak RSS (MiB) | warm wall (s) | warm CPU (s) | warm peak RSS (MiB) | compiled .sql |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %d | %s | %s | %s | %.0f | %s | %s | %.0f | %d |" % (
            r["models"], r["tool"],
            fmt_s(med(r["cold"], "wall")), fmt_s(med(r["cold"], "cpu")), mib(med(r["cold"], "rss_kib")),
            fmt_s(med(r["warm"], "wall")), fmt_s(med(r["warm"], "cpu")), mib(med(r["warm"], "rss_kib")),
            r["compiled_files"]))
    return lines


def compile_ratios(rows):
    by = {(r["models"], r["tool"]): r for r in rows}
    lines = ["| models | dbt / swiftdbt: cold wall | warm wall | cold CPU | cold peak RSS |",
             "|---:|---:|---:|---:|---:|"]
    for n in sorted({r["models"] for r in rows}):
        s, d = by.get((n, "swiftdbt")), by.get((n, "dbt"))
        if not s or not d:
            continue

        def ratio(phase, attr):
            return med(d[phase], attr) / max(med(s[phase], attr), 1e-9)
        lines.append("| %d | %.0f× | %.0f× | %.0f× | %.1f× |" % (
            n, ratio("cold", "wall"), ratio("warm", "wall"), ratio("cold", "cpu"), ratio("cold", "rss_kib")))
    return lines


def run_table(models, results):
    raw = results[0]["samples"]
    raw_wall, raw_cpu = med(raw, "wall"), med(raw, "cpu")
    lines = ["| command (%d models, --ticks %d) | wall (s) | CPU (s) | peak RSS (MiB) | wall − raw (s) | overhead per model, wall (ms) | overhead per model, CPU (ms) |" % (models, TICKS),
             "|---|---:|---:|---:|---:|---:|---:|"]
    per_model = {}
    for r in results:
        w, c, m = med(r["samples"], "wall"), med(r["samples"], "cpu"), mib(med(r["samples"], "rss_kib"))
        if r["tool"] == "raw":
            lines.append("| %s | %s | %s | %.0f | — | — | — |" % (r["title"], fmt_s(w), fmt_s(c), m))
        else:
            ms = (w - raw_wall) / models * 1000
            per_model[r["title"]] = ms
            lines.append("| %s | %s | %s | %.0f | %s | %.1f | %.1f |" % (
                r["title"], fmt_s(w), fmt_s(c), m, fmt_s(w - raw_wall), ms, (c - raw_cpu) / models * 1000))
    return lines, per_model


def to_json(obj):
    if isinstance(obj, Sample):
        return obj.as_json()
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="compile 200 and 1,000 models, run-overhead on 200, one repetition")
    ap.add_argument("--reps", type=int, help="repetitions per measurement (default 3, quick 1)")
    ap.add_argument("--dbt-10k", action="store_true", help="also time dbt compile on 10,000 models (minutes)")
    ap.add_argument("--no-dbt", action="store_true", help="skip every dbt measurement")
    ap.add_argument("--only", choices=["compile", "run"], help="run one benchmark only")
    ap.add_argument("--compile-sizes", help="comma-separated model counts (default 1000,10000)")
    ap.add_argument("--run-models", type=int, help="models in the run-overhead benchmark (default 500)")
    ap.add_argument("--duckdb-history", action="store_true",
                    help="leave DUCKDB_HISTORY alone (the CLI then reads and grows ~/.duckdb_history)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--swiftdbt", default=os.path.join(ROOT, ".build", "release", "swiftdbt"))
    ap.add_argument("--dbt", default=os.path.join(BENCH_DIR, ".venv-dbt", "bin", "dbt"))
    ap.add_argument("--duckdb", default=os.path.join(ROOT, ".venv", "bin", "duckdb"))
    ap.add_argument("--gen", default=DEFAULT_GEN)
    args = ap.parse_args(argv)

    reps = args.reps or (1 if args.quick else 3)
    sizes = [int(x) for x in args.compile_sizes.split(",")] if args.compile_sizes else (
        [200, 1000] if args.quick else [1000, 10000])
    run_models = args.run_models or (200 if args.quick else 500)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(TIME_BIN):
        raise BenchError("%s missing (bench/run.sh installs Debian's `time`)" % TIME_BIN)
    tools = Tools(args)
    started = time.perf_counter()
    ticks_at_start = cpu_ticks()

    def progress(msg):
        print("[%5.0fs] %s" % (time.perf_counter() - started, msg), file=sys.stderr, flush=True)

    machine = machine_info()
    versions = tools.versions()
    record = {"machine": machine, "versions": versions, "reps": reps, "ticks": TICKS, "seed": SEED,
              "argv": sys.argv[1:], "compile": [], "run": None}

    if args.only in (None, "compile"):
        progress("compile benchmark: sizes %s, %d repetition(s)" % (sizes, reps))
        for n in sizes:
            paths = project_paths(out, n)
            generate(tools, "swiftdbt", n, paths["swiftdbt"], out)
            r = bench_compile(tools, "swiftdbt", paths["swiftdbt"], reps, out, "compile-%d-swiftdbt" % n, progress)
            record["compile"].append(dict(r, models=n, tool="swiftdbt"))
            if args.no_dbt or (n > 1000 and not args.dbt_10k):
                continue
            generate(tools, "dbt", n, paths["dbt"], out)
            r = bench_compile(tools, "dbt", paths["dbt"], reps, out, "compile-%d-dbt" % n, progress)
            record["compile"].append(dict(r, models=n, tool="dbt"))

    per_model = {}
    if args.only in (None, "run"):
        progress("run-overhead benchmark: %d models, %d repetition(s)" % (run_models, reps))
        record["run"] = {"models": run_models,
                         "cases": bench_run(tools, run_models, reps, out, not args.no_dbt, progress)}

    # ---- report
    machine["CPU time during the benchmark"] = cpu_share(ticks_at_start, cpu_ticks())
    machine["load average at end"] = "%.2f %.2f %.2f" % os.getloadavg()
    md = ["# swiftdbt vs dbt-core benchmark results", ""]
    md.append("`%s` — median of %d repetition(s); projects from gen_project.py "
              "(--seed %d --ticks %d)." % (" ".join(["bench/run.sh"] + sys.argv[1:]), reps, SEED, TICKS))
    md += ["", "## Machine and versions", ""]
    for k, v in list(machine.items()) + list(versions.items()):
        md.append("- %s: %s" % (k, v))
    if record["compile"]:
        md += ["", "## 1. Compile (parse + render every model and test, write target/)", ""]
        md += compile_table(record["compile"])
        ratios = compile_ratios(record["compile"])
        if len(ratios) > 2:
            md += [""] + ratios
        counts = {(r["models"], r["tool"]): r["compiled_files"] for r in record["compile"]}
        for n in sizes:
            if (n, "dbt") in counts and counts[(n, "dbt")] != counts.get((n, "swiftdbt")):
                md += ["", "Note: at %d models dbt wrote %d compiled .sql files and swiftdbt %d: the generated "
                       "project's generic tests (`data_tests:` unique / not_null) are compiled by dbt only, so "
                       "swiftdbt did less work here." % (n, counts[(n, "dbt")], counts.get((n, "swiftdbt"), 0))]
                break
        md += ["", "Commands (cold = `rm -rf target` first; warm = target/ of the previous compile kept):", ""]
        for r in record["compile"]:
            md.append("- `%s`" % r["cmd"])
        for r in record["compile"]:
            if r["tool"] == "swiftdbt" and r["models"] == 10000:
                w = med(r["cold"], "wall")
                m = mib(med(r["cold"], "rss_kib"))
                md += ["", "Goal (10,000 models, cold, < 1 s and < 500 MiB): %.3f s, %.0f MiB — %s." % (
                    w, m, "met" if w < 1 and m < 500 else "MISSED")]
    if record["run"]:
        lines, per_model = run_table(record["run"]["models"], record["run"]["cases"])
        md += ["", "## 2. Per-model run overhead", ""]
        md += lines
        md += ["", "Each timed run starts from a fresh database holding only raw.ticks and the seed table "
               "(the raw-sql flavour's setup.sql, untimed); one untimed warm-up run per command "
               "precedes the timed ones and checks that every model was built. Commands:", ""]
        for r in record["run"]["cases"]:
            md.append("- `%s`" % r["cmd"])
        t1 = per_model.get("swiftdbt run --threads 1")
        if t1 is not None:
            md += ["", "Goal (swiftdbt, one thread, < 5 ms per model): %.1f ms — %s." % (
                t1, "met" if t1 < 5 else "MISSED")]
    md.append("")
    text = "\n".join(md)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(to_json(record), f, indent=2, sort_keys=True)
        f.write("\n")
    print(text)
    progress("done; wrote %s" % os.path.join(out, "results.md"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print("bench: error: %s" % e, file=sys.stderr)
        sys.exit(1)
