"""Page furniture out of a PDF's running text: page numbers, running headers and footers,
footnote marks and footnotes, and the `Nơi nhận` list apart from the signature.

Works on the text layer's laid-out lines (`pdf_layout.Line`: text, position, font
size, words), page by page, before paragraphs are made:

* a page number alone on the first or last line (`2`, `- 2 -`, `Trang 2`, `2/35`)
  within one of the page's own number is dropped;
* a first or last line repeated (its page's own number aside) on at least three
  pages and 60% of them is a running header or footer: kept on its first page
  only (`Biểu số 03` or a table row that starts every page differs, and stays);
* a raised small number glued to a word (`sáng kiến1`, `Trung ương2`) is a footnote
  mark and leaves the word;
* lines at the foot of a page in a smaller font, starting with a number, are
  footnotes: they leave the page's text and come back as footnote blocks after the
  paragraph that is open at the page's end (so never in the middle of a sentence);
* from a line starting `Nơi nhận`, the left column (the recipients) and the right
  column (the signature: `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`, the name) are split apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.readers.pdf_layout import Line

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:Trang\s+)?(\d{1,4})(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s*[).]?\s+\S")
_RECIPIENTS = re.compile(r"^\s*Nơi\s+nhận\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
FOOTNOTE_SIZE = 0.9  # a footnote's font is at most this share of the page's body font
COLUMN_GAP = 30.0  # points between the last left-column word and the first right-column word
RIGHT_COLUMN = 0.45  # share of the page width where the signature column starts, at least


@dataclass
class CleanPage:
    """A page's text-layer lines after cleaning, its footnotes and its signature block."""

    number: int
    width: float
    bands: list[list[Line]]  # the page's text bands, between its tables
    footnotes: list[list[str]] = field(default_factory=list)  # each footnote's lines
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def clean_pages(pages: list[CleanPage]) -> list[CleanPage]:
    """Clean every page in place (page numbers and running lines need the whole document)."""
    for page in pages:
        _drop_page_number(page)
    _drop_running_lines(pages)
    for page in pages:
        _take_footnotes(page)
        _split_signature(page)
    return pages


def _edges(page: CleanPage) -> list[tuple[list[Line], int]]:
    """(band, index) of the page's first and last non-empty lines (one entry when they are the same line)."""
    found: list[tuple[list[Line], int]] = []
    for band in page.bands:
        if band:
            found.append((band, 0))
            break
    for band in reversed(page.bands):
        if band:
            last = (band, len(band) - 1)
            if not found or found[0][0] is not band or found[0][1] != last[1]:
                found.append(last)
            break
    return found


def _drop_page_number(page: CleanPage) -> None:
    for band, index in sorted(_edges(page), key=lambda e: -e[1]):
        if index >= len(band):
            continue
        match = _PAGE_NUMBER.match(band[index].text)
        if match and abs(int(match.group(1)) - page.number) <= 1:
            page.removed.append(band.pop(index).text)


def _running_key(line: Line, page_number: int) -> str:
    """The line with the page's own number blanked: `Trang 3/12` repeats, `Biểu số 03` or a table row does not."""
    own = {str(page_number), f"{page_number:02d}"}
    return _DIGITS.sub(lambda m: "#" if m.group() in own else m.group(), " ".join(line.text.split())).lower()


def _drop_running_lines(pages: list[CleanPage]) -> None:
    if len(pages) < 3:
        return
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_running_key(band[i], page.number) for band, i in _edges(page)})
    threshold = max(3, 0.6 * len(pages))
    running = {key for key, count in seen.items() if count >= threshold and len(key) >= 4}
    if not running:
        return
    first_kept: set[str] = set()
    for page in pages:
        for band, index in sorted(_edges(page), key=lambda e: -e[1]):
            if index >= len(band):
                continue
            key = _running_key(band[index], page.number)
            if key in running:
                if key in first_kept:
                    page.removed.append(band.pop(index).text)
                else:
                    first_kept.add(key)


def _body_size(page: CleanPage) -> float:
    weights: Counter[float] = Counter()
    for band in page.bands:
        for line in band:
            weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _take_footnotes(page: CleanPage) -> None:
    """Footnotes: from the first small-font numbered line of the last band to its end."""
    body = _body_size(page)
    if not body or not page.bands or not page.bands[-1]:
        return
    band = page.bands[-1]
    start = None
    for i in range(len(band) - 1, -1, -1):
        line = band[i]
        if line.size > FOOTNOTE_SIZE * body:
            break
        if _FOOTNOTE_START.match(line.text):
            start = i
    if start is None or start == 0:
        return
    notes: list[list[str]] = []
    for line in band[start:]:
        if _FOOTNOTE_START.match(line.text) or not notes:
            notes.append([line.text])
        else:
            notes[-1].append(line.text)
    del band[start:]
    page.footnotes = notes


def _split_signature(page: CleanPage) -> None:
    """From the `Nơi nhận` line on, recipients (left column) and signature (right column) apart."""
    split_at = RIGHT_COLUMN * page.width
    for band in page.bands:
        start = next((i for i, line in enumerate(band) if _RECIPIENTS.match(line.text)), None)
        if start is None:
            continue
        left: list[str] = []
        right: list[str] = []
        for line in band[start:]:
            words = line.words
            cut = len(words)
            for k in range(1, len(words)):
                if words[k].x0 >= split_at and words[k].x0 - words[k - 1].x1 >= COLUMN_GAP:
                    cut = k
                    break
            if words and words[0].x0 >= split_at:
                cut = 0
            left_text = " ".join(w.text for w in words[:cut])
            right_text = " ".join(w.text for w in words[cut:])
            if left_text:
                left.append(left_text)
            if right_text:
                right.append(right_text)
        if not right:
            return
        del band[start:]
        page.recipients, page.signature = left, right
        return
