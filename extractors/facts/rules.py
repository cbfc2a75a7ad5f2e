"""The document-facts rules of a lexicon, compiled once: headings, dates, outlets, units, bodies, periods.

Every pattern that holds a word is built here from `lexicon.facts` (doc_types_facts.toml);
the patterns of pure punctuation, digits and letter case stay module constants beside the
code that uses them. `fact_rules(lexicon)` caches one `FactRules` per lexicon, so a run
compiles them once per process and two lexicons can be used side by side.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import ahocorasick
import regex

from schemas.gazetteer import Tier
from schemas.lexicon import DocType, Facts, FactsLevels, Lexicon
from schemas.models import Level

YEAR = r"(?:19|20)\d{2}"
ROMAN = r"(?-i:[IVXL]{1,6})(?![\p{L}\d])"  # an ordinal in Roman numerals: `nhiệm kỳ IV (2019-2025)`
SYLLABLE = r"(?:\p{Lu}[\p{L}\p{M}]*)"
# a unit's name: a number (`phường 5`) or up to four capitalised syllables, with a hyphenated second part
NAME = (
    rf"(?:\d{{1,2}}(?!\d)|{SYLLABLE}(?:[ \t]+{SYLLABLE}){{0,3}}"
    rf"(?:[ \t]*[-–][ \t]*{SYLLABLE}(?:[ \t]+{SYLLABLE}){{0,2}})?)"
)
# a unit's name after a committee word, which an issuer line may write in any case
NAME_ANY_CASE = (
    r"(?:\d{1,2}(?!\d)|[\p{L}\p{M}]+(?:[ \t]+[\p{L}\p{M}]+){0,3}"
    r"(?:[ \t]*[-–][ \t]*[\p{L}\p{M}]+(?:[ \t]+[\p{L}\p{M}]+){0,2})?)"
)
_OLD_TONE = regex.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, white space and tone placement folded (`Thanh Hoá` = `thanh hóa`), for look-ups."""
    nfd = unicodedata.normalize("NFD", " ".join(text.split()).lower())
    nfd = _OLD_TONE.sub(r"\1\3\2", nfd)
    return unicodedata.normalize("NFC", nfd)


def _unmarked_table() -> dict[int, str]:
    """Each precomposed Latin letter to its base letter (`ộ` -> `o`, the D with stroke -> `D`): one character
    for one. The base is the letter its Unicode name is `… LETTER X WITH …` of, so marks and strokes go alike."""
    table = {}
    for code in range(0xC0, 0x2000):
        name = unicodedata.name(chr(code), "")
        if not name.startswith(("LATIN SMALL LETTER ", "LATIN CAPITAL LETTER ")) or " WITH " not in name:
            continue
        base = name.split(" LETTER ", 1)[1].split(" WITH ", 1)[0]
        if len(base) == 1 and base.isascii():
            table[code] = base.lower() if "SMALL" in name else base
    return table


_UNMARKED = _unmarked_table()


def _letter_classes() -> dict[str, str]:
    """Each base letter to a `re` class of it and every lower-case letter that drops to it (`o`: `[oòóỏõọôồ…]`)."""
    variants: dict[str, set[str]] = {}
    for code, base in _UNMARKED.items():
        if chr(code).islower():
            variants.setdefault(base, {base}).add(chr(code))
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in variants.items()}


_LETTER_CLASSES = _letter_classes()


def loose(word: str) -> str:
    """A lower-case word for `re` that matches it with its marks as written or misread (`số`: `Só`, `Sô`, `So`),
    so a long text is searched as it is, with no `unmarked` copy made."""
    return "".join(_LETTER_CLASSES.get(c, re.escape(c)) for c in unmarked(word.lower()))


def loose_alt(words: Iterable[str]) -> str:
    """`re_alt` of `loose` words, longest first, spaces matching any white space."""
    items = sorted({" ".join(w.lower().split()) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(loose(part) for part in w.split()) for w in items)


def unmarked(text: str) -> str:
    """`text` with its letters' marks dropped, same length (so offsets hold): what OCR keeps of a word whose
    marks it misreads (`QUYÉT ĐỊNH`, `BẢO CÁO`, `Só:`, `LÂM ĐÔNG` are `QUYET DINH`, `BAO CAO`, `So:`, `LAM DONG`)."""
    return text.translate(_UNMARKED)


def ascii_key(text: str) -> str:
    """`Bình Định` -> `binhdinh`: letters without marks, as a domain name writes a place."""
    return "".join(_ascii_letter(c) for c in unicodedata.normalize("NFD", text.lower()))


@lru_cache(maxsize=512)
def _ascii_letter(c: str) -> str:
    """A letter's ASCII base: `d` for `LATIN SMALL LETTER D WITH STROKE`; marks and others dropped."""
    if c.isascii():
        return c if c.isalnum() else ""
    name = unicodedata.name(c, "")
    if name.startswith("LATIN SMALL LETTER ") and " WITH " in name:
        base = name[len("LATIN SMALL LETTER ") :].split(" WITH ")[0]
        return base.lower() if len(base) == 1 else ""
    return ""


def alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any white space."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)


def re_alt(words: Iterable[str], fold_case: bool = False) -> str:
    """`alt` for the standard library's `re` (the gates of `Gated`), lower case when `fold_case`."""
    items = sorted({w.lower() if fold_case else w for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _phrase(phrase: str, word: Callable[[str], str] = re.escape) -> str:
    """A fixed phrase for `re` (the motto): any white space between its words, and any dash or none where it
    writes one (`Độc lập – Tự do – Hạnh phúc`, `Độc lập-Tự do-Hạnh phúc`); each word as `word` writes it."""
    out = ""
    for token in phrase.replace("-", " - ").split():
        if token == "-":
            out += r"\s*[-–—]?\s*"
        else:
            out += (r"\s+" if out and not out.endswith(r"\s*") else "") + word(token)
    return out


def _word_re(words: Iterable[str], flags: int = 0) -> regex.Pattern[str]:
    """Any of `words` as a whole word."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{alt(words)})(?![\p{{L}}])", flags)


def _words_at_end(words: Iterable[str], then: str = "") -> regex.Pattern[str]:
    """Any of `words` (then `then`) ending a text, case folded: a clause that ends with them."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{alt(words)}){then}\s*$", regex.IGNORECASE)


def _has_re_only_space(text: str) -> bool:
    """Does `text` hold one of U+001C-U+001F, white space to `re`'s `\\s` and not to `regex`'s? (Four scans at the
    speed of `find`, faster than one search for a class.)"""
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


class Gated:
    """A pattern whose every match begins where one of a few words (or a gate pattern) matches.

    The `regex` module tries an alternation of words at every position of a text, which
    costs about a microsecond a character on a 6,000-character head; the standard
    library's `re` finds the positions where a match can begin many times faster. Each
    is then tried with the full pattern (`match`, whose lookbehinds still see the text
    before), left to right, so the matches are exactly those of `pattern.finditer`.

    A gate of words is searched faster still: one Aho-Corasick pass (pyahocorasick) finds
    where the first word of one of them is written, the `also` pattern is searched on its
    own, and the gate is matched only at those offsets. Every offset where the gate matches
    is among them (a match of a word begins with its first word), so the offsets kept are
    exactly those a search with the gate finds.

    Each try passes `regex`'s `concurrent` False by position: it keeps the GIL through a match shorter than
    releasing and taking it again costs (a keyword would cost more to parse than that saves).

    A gate that begins at a line's start (`^…` under `re.MULTILINE`, with no alternative
    that does not: `line_start`) is matched only at the text's start and after each line
    break, the only offsets where it can match; a search would try every offset.
    """

    def __init__(
        self,
        pattern: regex.Pattern[str],
        starts: Iterable[str] = (),
        *,
        fold_case: bool = False,
        also: str | None = None,
        gate: str | None = None,
        gate_flags: int = 0,
        line_start: bool = False,
    ) -> None:
        """`starts`: the words a match begins with (lower-cased when `fold_case`); `also`: a further
        `re` alternative (`\\d{1,2}:\\d{2}`); `gate`: a whole `re` pattern instead of both; `line_start`:
        the gate matches only where a line starts."""
        self.pattern = pattern
        self.fold_case = fold_case
        if line_start and not (gate and gate.startswith("^") and gate_flags & re.MULTILINE):
            raise ValueError("a line_start gate is a `^…` pattern under re.MULTILINE")
        self._line_start = line_start
        self._firsts: ahocorasick.Automaton | None = None  # the first words of `starts`, when they gate alone
        self._also: re.Pattern[str] | None = None
        self._also_fast: regex.Pattern[str] | None = None
        self._shared: tuple[SharedFirsts, int] | None = None  # the pass it shares with other gates, and its place
        self._last_search: tuple[str, int, int | None, regex.Match[str] | None] | None = None
        self.first_words: frozenset[str] = frozenset()
        if gate is None:
            words = [w.lower() if fold_case else w for w in starts]
            gate = "|".join([re_alt(words)] + ([also] if also else []))
            firsts = {w.split(" ", 1)[0] for w in words}
            if firsts and "" not in firsts:  # (a word that begins with a blank: no first word to look for)
                self.first_words = frozenset(firsts)
                self._firsts = ahocorasick.Automaton()
                for first in firsts:
                    self._firsts.add_word(first, len(first) - 1)
                self._firsts.make_automaton()
                self._also = re.compile(also, gate_flags) if also else None
                # `regex` searches a pattern with no literal start (`\d{1,2}:…`) many times faster than `re`; what
                # it finds is a superset of `re`'s (its `\d` and `\s` hold `re`'s, but for the separators
                # U+001C-U+001F, which `re` counts as white space: a hay with one is searched by `re`), and each
                # offset is matched with the gate below all the same
                self._also_fast = regex.compile(also) if also and not gate_flags else None
        self.gate = re.compile(gate, gate_flags)

    def _hits(self, hay: str, text: str | None = None, start: int = 0) -> Iterator[int]:
        """Every offset in `hay` (text[start:start + len(hay)] when `text` is given) where the gate matches, in
        order."""
        if self._line_start:
            match, at = self.gate.match, 0
            while True:
                if match(hay, at) is not None:
                    yield at
                at = hay.find("\n", at) + 1
                if not at:
                    return
        if self._firsts is None:
            pos = 0
            while pos <= len(hay) and (hit := self.gate.search(hay, pos)) is not None:
                yield hit.start()  # (a gate matching the empty string matches at the end too, once)
                pos = hit.start() + 1
            return
        if self._shared is not None and text is not None and 0 <= start <= len(text):
            found = self._shared[0].starts(text, self._shared[1], start, start + len(hay))
        else:
            found = {end - back for end, back in self._firsts.iter(hay)}
        also: re.Pattern[str] | regex.Pattern[str] | None = self._also
        if self._also_fast is not None and not _has_re_only_space(hay):
            also = self._also_fast
        if also is not None:
            pos = 0
            while (also_hit := also.search(hay, pos)) is not None:
                found.add(also_hit.start())
                pos = also_hit.start() + 1
        match = self.gate.match
        for at in sorted(found):
            if match(hay, at) is not None:
                yield at

    def _hay(self, text: str, start: int, end: int) -> str | None:
        """text[start:end] as the gate reads it; None when case folding changes its length (no shortcut)."""
        hay = text[start:end]
        if self.fold_case:
            hay = hay.lower()
            if len(hay) != end - start:  # a letter whose lower case is longer (`İ`)
                return None
        return hay

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[regex.Match[str]]:
        end = len(text) if end is None else min(end, len(text))
        hay = self._hay(text, start, end)
        if hay is None:
            yield from self.pattern.finditer(text, start, end)
            return
        skip = 0  # gate offsets before it lie inside the last match: finditer goes on from its end
        for hit in self._hits(hay, text, start):
            if hit < skip:
                continue
            m = self.pattern.match(text, start + hit, end, False)  # `concurrent` False: see `Gated`
            if m is None:
                continue
            yield m
            skip = max(m.end() - start, hit + 1)

    def positions(self, text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
        """Every offset in text[start:end] where the gate matches (where a match may begin), in order."""
        end = len(text) if end is None else min(end, len(text))
        hay = self._hay(text, start, end)
        if hay is None:
            yield from range(start, end)
            return
        for hit in self._hits(hay, text, start):
            yield start + hit

    def search(self, text: str, start: int = 0, end: int | None = None) -> regex.Match[str] | None:
        """`pattern.search(text, start, end)`; the last one is kept, as a news article's dateline and tag are
        searched for both its zones and its issuer (the same text object, so the same answer)."""
        last = self._last_search
        if last is not None and last[0] is text and last[1] == start and last[2] == end:
            return last[3]
        found = next(self.finditer(text, start, end), None)
        self._last_search = (text, start, end, found)
        return found


class SharedFirsts:
    """One Aho-Corasick pass over a whole text for the first words of several case-kept gates, kept for the
    text last read, so the gates that read the same text (a news article's issuer, caption, publication
    line and unit aliases) do not each pass over it again. A gate's offsets in text[start:end] are those of
    its words written wholly inside it: what a pass over text[start:end] finds. A gate of no first words
    (a user's word that begins with a blank) or of lower-cased ones keeps a pass of its own."""

    def __init__(self, gates: Sequence[Gated]) -> None:
        gates = [g for g in gates if g._firsts is not None and not g.fold_case and not g._line_start]
        bits: dict[str, int] = {}
        for i, gate in enumerate(gates):
            for word in gate.first_words:
                bits[word] = bits.get(word, 0) | 1 << i
        self._automaton = ahocorasick.Automaton()
        for word, mask in bits.items():
            self._automaton.add_word(word, (len(word), mask))
        self._automaton.make_automaton()
        self._count = len(gates)
        self._last: tuple[str, list[tuple[list[int], list[int]]]] | None = None
        for i, gate in enumerate(gates):
            gate._shared = (self, i)

    def _per_gate(self, text: str) -> list[tuple[list[int], list[int]]]:
        """For each gate, the (starts, ends) of its first words in `text`, by start."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        per: list[tuple[list[int], list[int]]] = [([], []) for _ in range(self._count)]
        found = sorted((end - length + 1, length, mask) for end, (length, mask) in self._automaton.iter(text))
        for at, length, mask in found:
            i = 0
            while mask:
                if mask & 1:
                    per[i][0].append(at)
                    per[i][1].append(at + length)
                mask >>= 1
                i += 1
        self._last = (text, per)
        return per

    def starts(self, text: str, gate: int, start: int, end: int) -> set[int]:
        """The offsets, from `start`, where the first words of gate number `gate` are written in text[start:end]."""
        starts, ends = self._per_gate(text)[gate]
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        return {starts[k] - start for k in range(lo, hi) if ends[k] <= end}


class FactRules:
    """A lexicon's document-facts words as sets and compiled patterns (one instance per lexicon)."""

    def __init__(self, facts: Facts, doc_types: Iterable[DocType] = (), abbreviations: Iterable[str] = ()) -> None:
        """`doc_types` (doc_types.tsv) name the kind a symbol's code stands for (`12/BC-UBND`: Báo cáo);
        `abbreviations` (abbreviations.tsv) are kept upper case in an issuer's name."""
        self.data = facts
        self.levels: FactsLevels = facts.levels
        self.tier_levels: dict[Tier, Level] = {
            "province": facts.levels.province,
            "district": facts.levels.district,
            "ward": facts.levels.ward,
        }
        self.no_heading = facts.defaults.no_heading
        self._headings(facts, doc_types)
        self._dates(facts)
        self._news(facts)
        self._units(facts)
        self._bodies(facts)
        self._casing(facts, abbreviations)
        self._periods(facts)
        # the gates of case-kept words that read a news article's whole text or its head share one pass over it
        self.shared_firsts = SharedFirsts(
            [
                self.find_reporter,
                self.find_as_reported,
                self.find_interview,
                self.find_caption,
                self.find_aliases,
                self.find_published,
                self.find_published_time,
            ]
        )

    def _headings(self, f: Facts, doc_types: Iterable[DocType]) -> None:
        h = f.header
        self.headings = dict(f.doc_types)
        self.heading_in_line = regex.compile(rf"(?<![\p{{L}}])(?:{alt(self.headings)})(?![\p{{L}}])")
        self.summary_starts = tuple(f.summary_heading.starts)
        # the type line in the other ways it is written: in sentence case, letter-spaced (`B Á O C Á O`), or
        # starting the title line (`BÁO CÁO KẾT QUẢ …`)
        self.folded_headings = {fold(k): v for k, v in self.headings.items()}
        self.spaced_headings = {k.replace(" ", ""): v for k, v in self.headings.items()}
        self.type_start = re.compile(rf"(?:{re_alt(self.headings)})(?![^\W\d_])")
        # and with the marks OCR misread (`QUYÉT ĐỊNH`, `BẢO CÁO`): read without marks under a heading block's marks
        self.unmarked_headings = {unmarked(k): v for k, v in self.headings.items()}
        self.unmarked_type_start = re.compile(rf"(?:{re_alt(self.unmarked_headings)})(?![^\W\d_])")
        # the marks of the heading block are looked for in the lower-cased head (a leading look-behind or IGNORECASE
        # would make `re` try every position), each letter with its marks as written or misread (`loose`: OCR's
        # `CỘNG HOÀ`, `Só:`, `ngày 2® tháng`)
        # Two sets: the words as written (a literal start `re` finds fast), and `loose`, looked for only where a
        # heading block lacks a mark (`MarkPatterns`)
        self.motto = re.compile("|".join(_phrase(m.lower()) for m in longest_first(h.motto)))
        self.motto_loose = re.compile("|".join(_phrase(m.lower(), loose) for m in longest_first(h.motto)))
        self.incomplete = frozenset(fold(w) for w in h.incomplete)
        # `ỦY BAN NHÂN / DÂN XÃ PHỔ AN`: a line OCR broke inside a body's name ends with the first words of one
        heads = [fold(w) for w in [*h.incomplete, *h.body_heads, *f.casing.names]]
        self.name_prefixes = frozenset(" ".join(w.split()[:n]) for w in heads for n in range(1, len(w.split())))
        # matched in a line lower-cased and `unmarked` (`THÀNH PHÓ HÀ NỘI`: OCR misread a mark)
        self.unit_continuation = re.compile(rf"(?:{re_alt(map(unmarked, h.unit_continuations), True)})(?![^\W\d_])")
        self.issuer_continues = tuple(fold(w) for w in h.issuer_continues)
        self.body_head = re.compile(rf"(?:{re_alt(h.body_heads, True)})(?![^\W\d_])")
        self.draft_marks = frozenset(fold(w) for w in h.draft_marks)
        self.letter = re.compile(rf"(?:{re_alt(h.letter_subject)})(?=[\s:.]|$)")
        self.letter_type = h.letter_type
        self.addressee = re.compile(rf"^[ \t|]*(?:{re_alt(h.addressee)})", re.MULTILINE)
        self.not_lead = regex.compile(rf"\s*(?:{alt(h.not_lead)})")
        self.title_stop = regex.compile(rf"(?:{alt(h.title_stops)})(?![\p{{L}}])|I\.|1\.")  # or the first section
        self.title_continues = (*(f" {w}" for w in h.title_continues), ",", " -", " –")
        self.title_summary = re.compile(rf"(?:{re_alt(h.title_summary)})(?![^\W\d_])")
        self.number = regex.compile(rf"(?:{alt(h.number_labels)})\s*:\s*(\d[\w.\-]*/[\p{{L}}\d./&\-]*[\p{{L}}\d])")
        # the heading block's own number: any case, a colon or none (`Số 145-BC/HU`), blank (`Số:    /BC-BCĐ`),
        # spaced by OCR around its slash (`12 /BC-UBND`); `rest` is what a blank number leaves of its symbol
        number = (
            r"(?![^\W\d_])(?:[ \t]*(?P<colon>:)[\s.…_]*|[ \t.…_]*)"
            r"(?P<value>\d[\w.]*(?:(?:[ \t]*/[ \t]*|[-–])[^\W_][\w.&()]*)*)?(?P<rest>[/\w.&()\-–]*)"
        )
        self.own_number = re.compile(rf"(?:{re_alt(h.number_labels, True)}){number}")
        self.own_number_loose = re.compile(rf"(?:{loose_alt(h.number_labels)}){number}")
        self.symbol_types: dict[str, str] = {}
        for kind in doc_types:
            for code in kind.codes:
                self.symbol_types.setdefault(code, kind.name)

    def _dates(self, f: Facts) -> None:
        d = f.dates
        self.day, self.month, self.year = alt(d.day), alt(d.month), alt(d.year)
        # the place-and-date line, found wherever the flattened columns put it: its date words (`ngày 03 tháng 7
        # năm 2024`, a blank day or month, `ngày 03/7/2024` after a place), then the place before them
        fill = r"[ \t.…_]*"

        # a day OCR misread (`2®`) leaves the month: `junk`
        def date_words(day: str, month: str, year: str) -> re.Pattern[str]:
            return re.compile(
                rf"(?:{day}){fill}\s*(?:(?P<d>\d{{1,2}})(?P<junk>[^\s\d]{{1,2}})?)?{fill}\s*(?:{month}){fill}"
                rf"\s*(?P<m>\d{{1,2}})?{fill}\s*(?:{year})\s*(?P<y>{YEAR})(?!\d)"
            )

        day = re_alt(d.day, True)
        self.date_words = date_words(day, re_alt(d.month, True), re_alt(d.year, True))
        self.date_words_loose = date_words(loose_alt(d.day), loose_alt(d.month), loose_alt(d.year))
        # `03/7/2024`, looked for from its first slash (a literal `re` finds fast), its day read before it
        self.date_digits = re.compile(rf"/\s*(?P<m>\d{{1,2}})\s*/\s*(?P<y>{YEAR})(?!\d)")
        self.day_digits = re.compile(r"(?<!\d)(\d{1,2})\s*$")
        self.day_word_at_end = re.compile(rf"(?:{day})\s*$")
        cap = r"\p{Lu}[\p{Ll}\p{M}]*\.?(?![\p{L}\p{M}])"
        caps = r"\p{Lu}[\p{Lu}\p{M}]*\.?(?![\p{L}\p{M}])"
        words = alt(f.units.words)
        self.date_place = regex.compile(
            rf"(?<![\p{{L}}\p{{M}}\d.])(?:(?i:{words})[ \t]+)?{cap}(?:[ \t]+(?:{cap}|\d{{1,3}}(?!\d))){{0,4}}"
            rf"[ \t]*(?P<comma>,)?[ \t]*$"
            rf"|(?<![\p{{L}}\p{{M}}\d.]){caps}(?:[ \t]+(?:{caps}|\d{{1,3}}(?!\d))){{0,4}}[ \t]*(?P<comma2>,)[ \t]*$"
        )
        weekdays = alt(d.weekdays)
        self.published = regex.compile(
            rf"(?:{weekdays})\s*[,|]?\s*(?:(?:{self.day})\s*)?(\d{{1,2}})/(\d{{1,2}})/({YEAR})"
        )
        self.published_time = regex.compile(
            rf"(?:\d{{1,2}}:\d{{2}}\s*,?\s*)?(?:{weekdays})\s*,\s*(\d{{1,2}})/(\d{{1,2}})/({YEAR})"
        )
        self.find_published = Gated(self.published, d.weekdays)
        self.find_published_time = Gated(self.published_time, d.weekdays, also=r"\d{1,2}:\d{2}")

    def _news(self, f: Facts) -> None:
        n = f.news
        domain = rf"[\w-]+(?:\.[\w-]+)*\.(?:{alt(n.domains)})"
        tag_word = rf"(?:\p{{Lu}}[\p{{Lu}}\d&]*|{domain}|{alt(n.tag_words)})"
        self.dateline = regex.compile(
            rf"^[ \t\"“]*\((?P<tag>{tag_word}(?:[ \t]+{tag_word}){{0,2}})\)[ \t]*\.?[ \t]*[-–—]?", regex.MULTILINE
        )
        self.caps_tag = regex.compile(r"^[ \t]*(?P<tag>\p{Lu}{2,8})[ \t]+[-–—][ \t]", regex.MULTILINE)
        self.find_dateline = Gated(self.dateline, gate=r"^[ \t\"“]*\(", gate_flags=re.MULTILINE, line_start=True)
        self.find_caps_tag = Gated(
            self.caps_tag, gate=r"^[ \t]*[^\W\d_]{2,8}[ \t]+[-–—]", gate_flags=re.MULTILINE, line_start=True
        )
        outlet = alt(n.outlets)
        self.reporter = regex.compile(rf"(?:{alt(n.reporter)})\s+(?P<tag>{outlet})(?![\p{{L}}])")
        self.as_reported = regex.compile(
            rf"(?<![\p{{L}}])(?:{alt(n.as_reported_before)})\s+(?P<tag>{outlet})\s+"
            rf"(?:{alt(n.as_reported_after)})"
        )
        self.interview = regex.compile(rf"(?:{alt(n.interview)})\s+(?P<tag>{outlet})\s*,")
        self.credit = regex.compile(rf"(?:{alt(n.credit)})\s+(?P<tag>{domain})\s*$")
        self.caption = regex.compile(alt(n.caption))
        self.outlet_provinces = {" ".join(k.split()): v for k, v in n.outlet_provinces.items()}
        self.domain_province_min = n.domain_province_min
        self.find_reporter = Gated(self.reporter, n.reporter)
        self.find_as_reported = Gated(self.as_reported, n.as_reported_before)
        self.find_interview = Gated(self.interview, n.interview)
        self.find_caption = Gated(self.caption, n.caption)

    def _units(self, f: Facts) -> None:
        u, s = f.units, f.scope
        self.unit_words: dict[str, tuple[Tier, ...]] = {w.lower(): tuple(t) for w, t in u.words.items()}
        not_unit = rf"(?!(?i:{alt(u.not_units)})(?![\p{{L}}]))"
        words = alt(u.words)
        self.unit = regex.compile(rf"(?<![\p{{L}}.]){not_unit}(?P<word>(?i:{words}))[ \t]+(?P<name>{NAME})")
        self.bare_unit = regex.compile(rf"(?<![\p{{L}}.]){not_unit}(?i:{words})(?![\p{{L}}])")
        self.aliases = dict(u.aliases)
        self.alias = _word_re(self.aliases)
        self.find_units = Gated(self.unit, u.words, fold_case=True)
        self.find_bare_units = Gated(self.bare_unit, u.words, fold_case=True)
        self.find_aliases = Gated(self.alias, self.aliases)
        self.not_bare = frozenset(u.not_bare)
        self.gazetteer_words = tuple(fold(w) + " " for w in longest_first(u.gazetteer_words))
        self.gazetteer_word = regex.compile(rf"^(?:{alt(u.gazetteer_words)})(?=\s)")
        self.full_words = {w: tiers for w, tiers in self.unit_words.items() if "." not in w and len(w) > 2}
        self.national = Gated(_word_re(s.national), s.national)
        self.not_national = _words_at_end([*f.periods.comparison, *s.not_national_after])
        self.scope = _words_at_end(s.unit_before)
        self.venue = _word_re(s.venue_before)
        self.host = regex.compile(alt(s.host))
        self.delegation = longest_first(s.delegation)
        self.delegated = regex.compile(rf"(?:{alt(s.delegation)})(?:\s+(?:{alt(s.delegation_links)}))?\s*$")
        self.many_provinces = s.many_provinces

    def _bodies(self, f: Facts) -> None:
        b = f.bodies
        self.governing = longest_first(b.governing)
        self.standing = longest_first(b.standing)
        self.committees = dict(b.committees)
        self.committee_names = longest_first(b.committees)
        self.party = longest_first(b.party)
        self.national_bodies = longest_first(b.national)
        self.central_bodies = longest_first(b.central)
        self.not_bodies = longest_first(b.not_bodies)
        self.departments = longest_first(b.departments)
        # `HUYỆN ỦY TUY PHƯỚC`, `Đảng ủy xã …`: a committee written as one word before its unit's name
        self.committee_name = regex.compile(rf"(?i:(?P<committee>{alt(b.committees)}))[ \t]+(?P<name>{NAME_ANY_CASE})")
        self.folded_committees = {fold(k): v for k, v in b.committees.items()}

    def _casing(self, f: Facts, abbreviations: Iterable[str]) -> None:
        c = f.casing
        self.case_names = {fold(w): w for w in c.names}
        self.field_heads = {fold(w): w for w in c.field_heads}
        self.proper_after = {fold(w): w for w in c.proper_after}
        self.case_phrase_words = max(
            len(w.split()) for w in [*c.names, *c.field_heads, *c.proper_after, *f.units.words]
        )
        self.kept_upper = frozenset([*c.abbreviations, *abbreviations])
        self.not_unit_words = frozenset(fold(w) for w in f.units.not_units)

    def _periods(self, f: Facts) -> None:
        p = f.periods
        self.roman = {k.upper(): v for k, v in p.roman.items()}
        self.month_words = {k.lower(): v for k, v in p.month_words.items()}
        self.first_half = frozenset(fold(w) for w in p.first_half)
        sep = rf"\s*(?:/|-|{self.year})\s*"
        dm = r"(\d{1,2})\s*[/-]\s*(\d{1,2})"
        year_word, month = self.year, self.month
        self.period = regex.compile(
            rf"(?P<school>(?:{alt(p.school_year)})\s*({YEAR})\s*[-–/]\s*({YEAR}))"
            rf"|(?P<term>(?:{alt(p.term)})(?:\s+(?:{alt(p.term_past)}|{ROMAN}(?=\s*\()))?\s*\(?\s*({YEAR})\s*[-–]\s*({YEAR})\s*\)?)"
            rf"|(?P<drange>(?:{alt(p.date_range_from)})\s+(?:{self.day})\s+{dm}(?:/({YEAR}))?\s+"
            rf"(?:{alt(p.date_range_to)})\s+(?:(?:{self.day})\s+)?{dm}/({YEAR}))"
            rf"|(?P<range>(?:{alt(p.range)})\s+(?:(?:{year_word})\s+)?({YEAR})\s*[-–]\s*({YEAR}))"
            rf"|(?P<since>(?:{alt(p.since_new_year)})(?:\s+(?:(?:{year_word})\s+)?({YEAR}))?\s*,?\s*"
            rf"(?:{alt(p.until_now)}))"
            rf"|(?P<half>(?:{alt(p.half_months)})\s+(?:{month})\s+(?P<hw>{alt(p.first_half + p.second_half)})"
            rf"(?:\s+({YEAR}))?)"
            rf"|(?P<quarter>(?:{alt(p.quarter)})\s+({alt(self.roman)}|[1-4])(?![\p{{L}}\d])(?:{sep}({YEAR}))?)"
            rf"|(?P<until>(?:{alt(p.until)})\s+(?:{month})\s+(\d{{1,2}})(?:{sep}({YEAR})))"
            rf"|(?P<months>(\d{{1,2}}|{alt(p.month_words)})\s+(?:{month})(?:\s+(?P<mt>{alt(p.months_tail)}))"
            rf"(?:\s+({YEAR}))?)"
            rf"|(?P<asat>(?:{alt(p.as_at)})\s+(?:(?:{alt(p.times_of_day)})\s+)?(?:(?:{self.day})\s+)?{dm}"
            rf"(?:/({YEAR}))?(?![\d/]))"
            rf"|(?P<month>(?:{month})\s+(\d{{1,2}})(?![\d/])(?:{sep}({YEAR}))?)"
            rf"|(?P<month2>(?:{month})\s+(\d{{1,2}})/({YEAR}))"
            rf"|(?P<year>(?:(?:{alt(p.year_prefixes)})\s+)?(?:{alt(p.year_heads)})\s+({YEAR})(?![\d/-]))",
            regex.IGNORECASE,
        )
        self.find_period = Gated(
            self.period,
            [
                *p.school_year,
                *p.term,
                *p.date_range_from,
                *p.range,
                *p.since_new_year,
                *p.half_months,
                *p.quarter,
                *p.until,
                *p.month_words,
                *p.as_at,
                *f.dates.month,
                *p.year_prefixes,
                *p.year_heads,
            ],
            fold_case=True,
            also=rf"\d{{1,2}}\s+(?:{re_alt(f.dates.month, True)})",
        )  # `9 tháng đầu năm`
        self.comparison = _words_at_end(p.comparison, rf"\s*(?:(?:{year_word})\s*)?")
        self.since = _words_at_end(p.open_start, rf"\s*(?:(?:{year_word})\s*)?")
        self.target = _word_re(p.target, regex.IGNORECASE)
        self.target_done = _words_at_end(p.target_done)
        self.plan_near = _word_re(p.plan_near, regex.IGNORECASE)
        self.future = _word_re(p.future_after, regex.IGNORECASE)
        self.names = _word_re(p.names, regex.IGNORECASE)
        self.anniversary = _word_re(p.anniversary, regex.IGNORECASE)
        self.campaign = regex.compile(rf"(?<![\p{{L}}])(?:{alt(p.campaigns)})\s+\p{{L}}")
        self.open_start = _word_re(p.open_start, regex.IGNORECASE)
        self.until_now = _word_re(p.until_now, regex.IGNORECASE)
        self.month_alone_after = regex.compile(rf"(?:{alt(p.month_alone_after)})\s*$")
        self.until_starts = tuple(w.lower() for w in p.until)
        self.plan_heads = tuple(w.lower() for w in p.plan_heads)
        self.span_starts = tuple(w.lower() for w in p.range + p.date_range_from)


@lru_cache(maxsize=4)
def fact_rules(lexicon: Lexicon) -> FactRules:
    """The compiled document-facts rules of `lexicon`."""
    return FactRules(lexicon.facts, lexicon.doc_types, lexicon.abbreviations)
