#!/usr/bin/env bash
# Installs headless Chromium and its driver from Debian for tests marked `browser`
# (tests/test_review_browser.py). Idempotent: does nothing when Chromium is there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "browser.sh: chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "browser.sh: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
