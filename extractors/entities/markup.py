"""Markdown emphasis around names and titles (`**Lê Văn An**`, `*Chủ tịch*`), masked by spaces.

Texts converted from Word or the web keep `**bold**` and `_italic_` marks. A name glued to them is
no name-shaped run and a title line ending in `**` is no upper-case capacity; with the marks
blanked out (same length, so every offset still indexes the original text) both read as written.
"""

from __future__ import annotations

import regex

# an emphasis mark opens before a word or closes after one; marks inside a word (file_name) stay
_EMPHASIS = regex.compile(
    r"(?<![\p{L}\p{N}*_])[*_]{1,3}(?=[\p{L}\p{N}(\[“\"])"
    r"|(?<=[\p{L}\p{N}.,:;!?)\]”\"])[*_]{1,3}(?![\p{L}\p{N}*_])"
)


def mask_emphasis(text: str) -> str:
    """`text` with emphasis marks replaced by spaces (the same length).

    >>> mask_emphasis("Ông **Lê Văn An**, *Chủ tịch* UBND xã")
    'Ông   Lê Văn An  ,  Chủ tịch  UBND xã'
    """
    if "*" not in text and "_" not in text:
        return text
    return _EMPHASIS.sub(lambda m: " " * len(m.group()), text)
