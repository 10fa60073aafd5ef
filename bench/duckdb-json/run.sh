#!/usr/bin/env bash
# Builds bench/duckdb-json/main.swift at -O with the sources DuckDBProcess uses to read `duckdb -json`
# output and runs it (see main.swift): SDBasics' JSON reader as its own module, as in the package
# build, then SDDuckDB's result types with the bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swiftc -O -wmo -parse-as-library -module-name SDBasics -emit-module -emit-module-path "$out/SDBasics.swiftmodule" \
  -c -o "$out/SDBasics.o" Sources/SDBasics/JSONValue.swift Sources/SDBasics/JSONValue+Parsing.swift Sources/SDBasics/OrderedJSON.swift
swiftc -O -I "$out" -o "$out/duckdb-json-bench" bench/duckdb-json/main.swift Sources/SDDuckDB/DuckDBValue.swift \
  Sources/SDDuckDB/DuckDBResult.swift Sources/SDDuckDB/DuckDBResult+Parsing.swift Sources/SDDuckDB/DuckDBError.swift "$out/SDBasics.o"
"$out/duckdb-json-bench"
