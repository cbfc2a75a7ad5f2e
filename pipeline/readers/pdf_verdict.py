"""Does a PDF page have a real text layer, or must it be read by OCR? Decided per page, with a reason.

Offices send three kinds of page without a usable text layer:

* no text at all: a plain scan (an image, or text drawn as outlines);
* a stamp over a scan: a few words of text layer (`SAO Y`, the issuing body, a
  date) over an image that covers the page;
* a broken text layer: an old OCR whose Vietnamese is wrecked (`Uy ban nh©n d©n`,
  or every tone mark gone), found by the share of words that are well-formed
  Vietnamese syllables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.readers.legacy import syllable_score

STAMP_MAX_CHARS = 200  # text-layer characters a page may hold and still be "a stamp over a scan"
FULL_PAGE = 0.5  # share of the page an image must cover to be the page itself
OUTLINE_PATHS = 200  # paths on a page without text and images: glyphs drawn as outlines
MIN_WORDS = 40  # words below which the Vietnamese of a text layer is not judged
MIN_SYLLABLES = 0.6  # share of accented words that must be well-formed syllables
MIN_ACCENTED = 0.08  # share of words with a Vietnamese letter: real Vietnamese has ~40-60%
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Verdict:
    ocr: bool
    reason: str = ""


def image_coverage(images: list[tuple[float, ...]], width: float, height: float) -> float:
    """Share of the page the largest image covers (images of one scan rarely overlap)."""
    area = max(1.0, width * height)
    return max(((i[2] - i[0]) * (i[3] - i[1]) / area for i in images), default=0.0)


def text_layer_verdict(text: str, images: list[tuple[float, ...]], paths: int, width: float, height: float) -> Verdict:
    """OCR or not, for one page in the "auto" mode, from its laid-out text and its objects."""
    letters = len("".join(text.split()))  # the characters that are not white space
    coverage = image_coverage(images, width, height)
    if letters == 0:
        if images:
            return Verdict(True, "no text layer, a scanned image")
        if paths >= OUTLINE_PATHS:
            return Verdict(True, f"no text layer, {paths} drawn shapes (text as outlines?)")
        return Verdict(False, "no text and nothing to read")
    if letters < STAMP_MAX_CHARS and coverage >= FULL_PAGE:
        return Verdict(True, f"only {letters} characters of text over a full-page image (a stamp on a scan)")
    words = _WORD.findall(text)
    if len(words) >= MIN_WORDS:
        score, accented = syllable_score(text)
        if accented >= 20 and score < MIN_SYLLABLES:
            return Verdict(True, f"broken text layer: {score:.0%} of accented words are Vietnamese syllables")
        if accented / len(words) < MIN_ACCENTED and coverage >= FULL_PAGE:
            return Verdict(True, "text layer without tone marks over a scanned image")
    return Verdict(False)


def vietnamese_quality(text: str) -> float:
    """A 0-1 score to compare two readings of one page: valid syllables, weighted by accented words."""
    score, accented = syllable_score(text)
    words = len(_WORD.findall(text)) or 1
    return score * min(1.0, accented / words / 0.3)
