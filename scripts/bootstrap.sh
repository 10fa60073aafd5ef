#!/usr/bin/env bash
# Installs what swiftdbt's demo and tests need that a fresh machine may lack, into .venv/ of this
# repository: the official DuckDB CLI (PyPI duckdb-cli), for the AWS tests botocore and moto's
# server, and for the fake Athena's SQL sidecar (scripts/fake_athena_sql.py; `test` and `fake`)
# sqlglot and DuckDB's Python module, pinned: the fake's grammar is sqlglot's Athena dialect, so a
# new sqlglot could change what the fake accepts; for the artifact checks (`test`) dbt-artifacts-parser
# and dbterd. Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
want_test=${1:-demo}

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
pkgs=()
[ -x "$VENV/bin/duckdb" ] || pkgs+=("duckdb-cli==1.5.6")
if [ "$want_test" = "test" ] || [ "$want_test" = "fake" ]; then
  "$VENV/bin/python" -c 'import sqlglot, sys; sys.exit(sqlglot.__version__ != "30.31.0")' 2>/dev/null || pkgs+=("sqlglot==30.31.0")
  "$VENV/bin/python" -c 'import duckdb, sys; sys.exit(duckdb.__version__ != "1.5.6")' 2>/dev/null || pkgs+=("duckdb==1.5.6")
  # DuckDB's Python module needs pytz to return a TIMESTAMP WITH TIME ZONE (Athena's current_timestamp,
  # read by `source freshness`).
  "$VENV/bin/python" -c 'import pytz' 2>/dev/null || pkgs+=("pytz==2026.6")
fi
if [ "$want_test" = "test" ]; then
  "$VENV/bin/python" -c 'import botocore' 2>/dev/null || pkgs+=("botocore")
  [ -x "$VENV/bin/moto_server" ] || pkgs+=("moto[server]==5.2.1")
  # dbt's artifact schemas as dbt tools parse them (scripts/validate_artifacts.py) and dbterd, which
  # reads the manifest the way a dbt user's tooling does; pinned, as a new release may change what
  # they accept.
  "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("dbt-artifacts-parser") != "0.15.0")' 2>/dev/null \
    || pkgs+=("dbt-artifacts-parser==0.15.0")
  "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("dbterd") != "1.32.0")' 2>/dev/null \
    || pkgs+=("dbterd==1.32.0" "artifact-parser==1.0.1")
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "bootstrap: installing ${pkgs[*]} into $VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${pkgs[@]}"
fi
"$VENV/bin/duckdb" --version >/dev/null
