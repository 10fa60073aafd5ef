#!/usr/bin/env bash
# Builds bench/json/main.swift with SDBasics' JSON sources at -O and runs it (see main.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swiftc -O -o "$out/json-bench" bench/json/main.swift Sources/SDBasics/JSONValue.swift Sources/SDBasics/JSONValue+Parsing.swift \
  Sources/SDBasics/JSONValue+Access.swift
"$out/json-bench"
