#!/usr/bin/env bash
# Installs Debian's chromium (and a font for it to draw text with) when it is missing: the docs
# site's end-to-end test opens the generated site in headless Chromium. Needs root or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
# Tests may ask at the same time; one installs, the others wait and find it there.
exec 9>"${TMPDIR:-/tmp}/swiftdbt-install-chromium.lock"
flock 9
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# apt fetches as the _apt user; in sandboxes where that user cannot open /dev/null the signature
# check fails, so fetch as root.
$SUDO apt-get -o APT::Sandbox::User=root update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o APT::Sandbox::User=root install -y -qq --no-install-recommends \
  chromium fonts-liberation >/dev/null
command -v chromium
