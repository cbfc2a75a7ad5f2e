#!/usr/bin/env bash
# The Debian packages solieu needs beside its Python ones, for a fresh machine:
#   bash .ci/system.sh           python3-venv, Tesseract with its Vietnamese and orientation models (scans)
#   bash .ci/system.sh --tests   and Chromium for the review page's browser tests
# Idempotent: each script installs only what is missing. Needs apt (Debian, Ubuntu) and root or sudo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# python3-venv; a C compiler and Python's headers for setup.py's one extension, the PDF reader's character
# loop (optional: without them the install still works and the reader runs the same loop in Python)
missing=()
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v cc >/dev/null || missing+=(gcc)
python3 -c "import os, sysconfig; raise SystemExit(not os.path.isfile(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
    || missing+=(python3-dev)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "system.sh: installed ${missing[*]}"
fi

bash "$here/ocr.sh"
if [ "${1:-}" = "--tests" ]; then
    bash "$here/browser.sh"
fi
