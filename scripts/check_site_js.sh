#!/usr/bin/env bash
# Parses the docs site's script with Node's own parser (`node --check`: syntax only, nothing runs),
# the same V8 grammar as the Chromium that DocsBrowserTests drives. Node is not installed by
# scripts/bootstrap.sh (it is not a PyPI package); without it this fails rather than skipping, so
# `make test` never passes with the script unchecked.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE="${NODE:-node}"
if ! command -v "$NODE" >/dev/null 2>&1; then
    echo "error: '$NODE' not found, so Sources/SDDocs/Site/*.js cannot be syntax-checked." >&2
    echo "hint: install Node.js 18 or newer (apt-get install nodejs) or set NODE=/path/to/node" >&2
    exit 1
fi
status=0
for file in Sources/SDDocs/Site/*.js; do
    "$NODE" --check "$file" || status=1
done
exit $status
