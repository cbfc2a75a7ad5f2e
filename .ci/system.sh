#!/usr/bin/env bash
# The Debian packages solieu needs beside its Python ones, for a fresh machine:
#   bash .ci/system.sh           python3-venv, Tesseract with its Vietnamese and orientation models (scans)
#   bash .ci/system.sh --tests   and Chromium for the review page's browser tests
# Idempotent: each script installs only what is missing. Needs apt (Debian, Ubuntu) and root or sudo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    echo "system.sh: installed python3-venv"
fi

bash "$here/ocr.sh"
if [ "${1:-}" = "--tests" ]; then
    bash "$here/browser.sh"
fi
