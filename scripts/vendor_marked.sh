#!/usr/bin/env bash
# Vendors marked (https://github.com/markedjs/marked, MIT), the Markdown parser the docs site renders
# descriptions with, into Sources/SDDocs/Site/marked.min.js from Debian's libjs-marked package (the npm
# registry is not reachable from our machines; Debian's build is the upstream UMD bundle). The file is
# committed, so builds and tests never run this; run it only to move to another version, then
# `python3 scripts/gen_docs_assets.py` and commit both. Needs apt (root or sudo) for `apt-get download`.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${MARKED_DEB_VERSION:-4.2.3+ds+~4.0.7-2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get -o APT::Sandbox::User=root download "libjs-marked=$VERSION" >/dev/null)
dpkg-deb -x "$work"/libjs-marked_*.deb "$work/x"
src="$work/x/usr/share/javascript/marked/marked.umd.min.js"
upstream="${VERSION%%+*}"
out=Sources/SDDocs/Site/marked.min.js
{
    printf '/* marked %s, vendored from Debian libjs-marked %s (usr/share/javascript/marked/marked.umd.min.js)\n' "$upstream" "$VERSION"
    printf ' * by scripts/vendor_marked.sh; do not edit. Licence (MIT, "Expat" in Debian'"'"'s copyright file):\n'
    printf ' * Copyright (c) 2018+, MarkedJS (https://github.com/markedjs/)\n'
    printf ' * Copyright (c) 2011-2018, Christopher Jeffrey (https://github.com/chjj/)\n'
    # The stand-alone "License: Expat" paragraph of the copyright file: its indented lines are the text.
    awk '/^License: Expat$/ { inside = 1; next } inside && /^ / { print; next } { inside = 0 }' \
        "$work/x/usr/share/doc/libjs-marked/copyright" | sed -e 's/^ \.$/ */' -e t -e 's/^ / * /'
    printf ' */\n'
    # The bundle ends without a newline; the generator and node --check want plain LF text.
    tr -d '\r' < "$src"
    printf '\n'
} > "$out"
echo "wrote $out (marked $upstream)"
