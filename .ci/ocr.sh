#!/usr/bin/env bash
# Installs Tesseract with its Vietnamese and orientation models, poppler's pdftoppm (the scan
# generator in benchmarks/scans) and the DejaVu fonts (typeset test pages) from Debian, for
# tests/test_ocr.py. Idempotent: does nothing when they are all there. No model is fetched
# at run time: the models are these Debian packages.
set -euo pipefail

tessdata=/usr/share/tesseract-ocr/5/tessdata
if [ -f "$tessdata/vie.traineddata" ] && [ -f "$tessdata/osd.traineddata" ] && command -v pdftoppm >/dev/null \
    && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then
    echo "ocr.sh: tesseract $(tesseract --version 2>/dev/null | head -1 || echo '?') with vie and osd already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd \
    poppler-utils fonts-dejavu-core >/dev/null
echo "ocr.sh: installed $(tesseract --version 2>/dev/null | head -1 || echo tesseract) with vie and osd"
