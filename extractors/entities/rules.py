"""The entity rules of a lexicon, compiled once: name shape, title heads, unit words, organisation heads.

Every pattern that holds a word comes from the lexicon (`titles.toml`, `places.toml`,
`organisations.toml`, `abbreviations.tsv`, the dictionary); patterns of pure punctuation and
letter case stay module constants beside the code that uses them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from extractors.anchors import Anchored, Anchors
from extractors.trie import trie_alternation as tree_alternation
from schemas.lexicon import Lexicon, Titles

B = r"(?<![\p{L}\p{N}])"  # word start
E = r"(?![\p{L}\p{N}])"  # word end

_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


# `sĩ`/`sỹ`, `kĩ`/`kỹ`: a syllable's final i after a consonant is also written y; word lookups fold y to i
_Y_TO_I = {unicodedata.normalize("NFC", "y" + t): unicodedata.normalize("NFC", "i" + t) for t in ("", *_TONES)}
_FINAL_Y = regex.compile(r"(?<=[bcdghklmnpqrstvx\u0111])([" + "".join(_Y_TO_I) + r"])(?!\p{L})")


def fold_i_y(text: str) -> str:
    """Lower-case `text` with a final y after a consonant written i (`chiến sỹ` -> `chiến sĩ`)."""
    return _FINAL_Y.sub(lambda m: _Y_TO_I[m.group(1)], text.lower())


def plain_alternation(words: list[str], case_insensitive: bool = False) -> str:
    """Regex alternation of `words`, longest first; spaces match any run of blanks (the reference form)."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = r"\s+".join(regex.escape(p) for p in w.split())
        if case_insensitive:
            esc = f"(?i:{esc})"
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"


def alternation(words: list[str], case_insensitive: bool = False) -> str:
    """The matches of `plain_alternation(words)` as a tree of shared beginnings (`extractors.trie`), found
    with far fewer tries; only for patterns read forwards (not `(?r)`, not inside a look-behind).

    A list holding an empty word or one written with other blanks than single spaces keeps the plain
    form: that orders its words by their written length, which a tree of their words does not know.
    """
    items = set(words)
    if any(not w or w != " ".join(w.split()) for w in items):
        return plain_alternation(words, case_insensitive)
    body = "(?:" + tree_alternation(items, folded=case_insensitive) + ")"
    return f"(?i:{body})" if case_insensitive else body


def trie_alternation(words: list[str], case_insensitive: bool = False) -> str:
    """Regex alternation of `words` as a tree of shared beginnings, their blanks made single spaces first
    (each matching any run of blanks) and empty words dropped, case folded by lower-casing the words inside
    `(?i:…)`: the matches of `plain_alternation`, for patterns read forwards (not `(?r)`, no look-behind)."""
    fold = str.lower if case_insensitive else str
    phrases = [p for p in dict.fromkeys(" ".join(fold(w) for w in words_.split()) for words_ in words) if p]
    body = "(?:" + tree_alternation(phrases, folded=case_insensitive) + ")"
    return f"(?i:{body})" if case_insensitive else body


def _head_alternation(heads: list[str], any_case: bool = False) -> str:
    """Title heads, longest first: an upper-case first letter (any case with `any_case`), the rest in any case.

    The heads are written capitalised in the data, so "Phó giám đốc" and "Phó Giám đốc" both match
    "Phó Giám đốc" while "phó giám đốc" in running text does not (unless `any_case`).
    """
    body = trie_alternation(heads, case_insensitive=True)
    return body if any_case else r"(?=\p{Lu})" + body


def head_words(t: Titles) -> list[str]:
    """Every title head: the irregular ones as listed, the ranks, and those built by [head_forms]."""
    f = t.head_forms
    out = list(t.heads) + list(t.ranks)
    for deputy in ["", *f.deputies]:
        lead = f"{deputy} " if deputy else ""
        out += [lead + core for core in f.cores]
        out += [f"{lead}{f.general} {core}" for core in f.general_cores]
        out += [f"{lead}{unit} {rank}" for unit in f.units for rank in f.unit_ranks]
    return list(dict.fromkeys(out))


_TAIL = 80  # characters enough to hold the last words of any entry


@lru_cache(maxsize=1 << 16)
def _folded(words: str) -> str:
    return fold_i_y(words)


class WordSuffix:
    """Does a text end with one of these words (then white space)? A set lookup on the last words."""

    def __init__(self, words: list[str], fold_case: bool, not_after: tuple[str, ...] = ()) -> None:
        self.fold = fold_case  # case and i/y spelling (`chiến sỹ` is `chiến sĩ`)
        self.words = {self._key(" ".join(w.split())) for w in words}
        self.last_words = {w.rsplit(" ", 1)[-1] for w in self.words}  # a quick no for most texts
        self.longest = max(len(w.split()) for w in words)
        self.lengths = sorted({len(w.split(" ")) for w in self.words}, reverse=True)  # in words, longest first
        self.not_after = not_after

    def _key(self, words: str) -> str:
        return _folded(words) if self.fold else words

    def _last_keys(self, words: list[str]) -> list[str]:
        """The keys of the last `longest` words, each folded on its own: a word folds as it does inside a
        phrase (case and final y look no further than the word), and single words hit the cache."""
        last = words[-self.longest :]
        return [_folded(w) for w in last] if self.fold else last

    def _count(self, keys: list[str]) -> int:
        """How many of the last `keys` make one of the words (0: none); only lengths some word has are tried."""
        if not keys or keys[-1] not in self.last_words:
            return 0
        for n in self.lengths:
            if n <= len(keys) and " ".join(keys[-n:]) in self.words:
                return n
        return 0

    def _match(self, words: list[str]) -> int:
        """How many of the last `words` make one of the words (0: none)."""
        return self._count(self._last_keys(words))

    def strip(self, before: str) -> str | None:
        """`before` without its trailing word and white space, or None when it does not end with one."""
        if not self.ends(before):
            return None
        stripped = before.rstrip()
        words = stripped[-_TAIL:].split()
        n = self._match(words)
        cand = " ".join(words[-n:])
        return stripped[: len(stripped) - len(cand)] if n and stripped.endswith(cand) else None

    def which(self, before: str) -> str | None:
        """The word (as stored: folded when `fold_case`) that `before` ends with, then white space, or None."""
        if not before or not before[-1].isspace():
            return None
        # the last word: after the last space, line break or tab of `before` stripped (one `rfind`, the
        # common case: the word after the last space holds no break or tab)
        stripped = before.rstrip()
        last = stripped[stripped.rfind(" ") + 1 :]
        if "\n" in last or "\t" in last:
            last = last[max(last.rfind("\n"), last.rfind("\t")) + 1 :]
        if (_folded(last) if self.fold else last) not in self.last_words:
            return None  # most texts: the last word ends no entry (`_key`, written out: the hot path)
        words = before[-_TAIL:].split()[-(self.longest + 1) :]
        keys = self._last_keys(words)
        n = self._count(keys)
        if not n or (len(words) > n and words[-n - 1].lower() in self.not_after):
            return None
        return " ".join(keys[-n:])

    def ends(self, before: str) -> bool:
        """True when `before` ends with one of the words and white space."""
        return self.which(before) is not None


class EntityRules:
    """A lexicon's entity words as sets and compiled patterns (one instance per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        t, pl, org = lexicon.titles, lexicon.places, lexicon.organisations
        self.abbreviations = dict(lexicon.abbreviations)
        self.dictionary = lexicon.dictionary  # in the new tone style, as texts are
        self.surnames = frozenset(t.names.surnames)
        self.not_names = frozenset(t.names.not_names)
        self.wrap_middles = frozenset(t.names.wrap_middles)
        self.provinces = frozenset(pl.provinces_2025) | frozenset(pl.provinces_before_2025)
        self.known_places = self.provinces | frozenset(pl.other.names) | frozenset(pl.fixed)
        self.cap_honorifics = frozenset(h[0].upper() + h[1:] for h in t.honorifics if " " not in h)
        self.credit_ends = tuple(t.credit_ends)
        heads = head_words(t)
        head = _head_alternation(heads)
        any_head = _head_alternation(heads, True)  # the first letter in any case too
        prefix = alternation(t.head_prefixes)
        joiners = alternation(t.list_joiners)
        self.title_start = regex.compile(rf"{B}(?:{prefix}\s+)?{head}{E}")
        self.title_start_any_case = regex.compile(rf"{B}(?i:(?:{prefix}\s+)?{any_head}){E}")
        self.head_suffix = WordSuffix(heads, True)
        self.head_first_words = frozenset(h.split()[0].lower() for h in heads)
        self.head_last_words = frozenset(h.split()[-1].lower() for h in heads)
        self.rank = regex.compile(rf"{B}{_head_alternation(t.ranks)}{E}")
        self.authority = regex.compile(rf"(?<![\p{{L}}\p{{N}}./]){alternation(t.signature_authorities)}")
        self.authority_end = regex.compile(rf"(?<![\p{{L}}\p{{N}}./]){alternation(t.signature_authorities)}$")
        self.recipient_line = regex.compile(rf"\s*(?:[-+•]|{alternation(t.recipient_lines, True)}{E})")
        not_after_stop = "".join(rf"(?<!(?i:{regex.escape(w)})\s)" for w in t.stop_words_not_after)
        # (the initials first: the lookbehinds are tried only where a stop word may begin)
        stop_initials = "".join(sorted({regex.escape(w[0]) for w in t.stop_words if w}))
        initial = f"(?=[{stop_initials}])" if stop_initials else ""
        self.stop = regex.compile(rf"{initial}{B}{not_after_stop}{trie_alternation(t.stop_words)}{E}")
        self.stop_words = frozenset(w.lower() for w in t.stop_words)
        self.noun_first_stops = frozenset(t.stop_words_in_nouns.first)
        self.noun_last_stops = frozenset(t.stop_words_in_nouns.last)
        self.cap_non_person = frozenset(
            w for w in t.non_person_prefixes + t.soft_place_prefixes if " " not in w and w[0].isupper()
        )
        self.not_unit_words = frozenset(w for w in pl.unit_not_after if " " not in w)
        self.honorific_endings = tuple({h.lower().split()[-1] for h in t.honorifics + t.ranks})
        self.not_unit_after = WordSuffix(pl.unit_not_after, True)
        self.honorific_suffix = WordSuffix(t.honorifics, True, tuple(t.honorific_not_after))
        self.lead_suffix = WordSuffix(t.honorifics + t.ranks, True, tuple(t.honorific_not_after))
        self.person_attribute_suffix = WordSuffix(t.person_attributes, True)
        self.status = regex.compile(rf"{B}{trie_alternation(t.status_words, True)}{E}")
        # the word before a run that makes it a place or a body: `đường`, `trường` (never a person) or a
        # unit word (`xã`, `thành phố`: a person only with three syllables); the longest wins, so
        # `thành phố` is a unit word although `phố` (a street) ends it
        self.place_prefix_suffix = WordSuffix(t.non_person_prefixes + t.soft_place_prefixes, False)
        self.soft_place_words = frozenset(" ".join(w.split()) for w in t.soft_place_prefixes)
        self.byline = regex.compile(rf"^\s*{alternation(t.byline_starts, case_insensitive=True)}")
        self.org_cont = regex.compile(rf"\s*,\s*({alternation(t.org_continuations)}{E})")
        self.kiem = regex.compile(rf"\s+{alternation(t.title_joiners)}\s+")
        self.title_joiner_words = tuple(t.title_joiners)  # a quick substring test before the split
        self.rank_first_words = frozenset(rank.split()[0].lower() for rank in t.ranks)
        # the head patterns are compiled twice only (title_start, title_start_any_case): every other pattern
        # stops where a head may follow and the code matches the head there
        links = alternation(t.title_copulas + t.title_joiners)
        self.paren_sep = regex.compile(r"\s*\(\s*")  # "ông A (Chủ tịch UBND xã B)" when a head follows
        self.post_sep = regex.compile(  # `|`: a table's next cell
            rf"\s*(?:\([^()\n]{{0,40}}\)\s*)?(?:,|-|–|—|\|)\s*(?:{links}\s+)?"
        )
        self.current_paren = regex.compile(rf"\s*\(\s*{alternation(t.current_markers, True)}\s+")
        self.acting = regex.compile(rf"\s+{alternation(t.acting_links)}\s+")
        self.copula_sep = regex.compile(rf"\s+{alternation(t.title_copulas)}\s+")  # "Nguyễn Văn A là Chủ tịch …"
        self.photo_position = regex.compile(rf"\s*\(\s*{alternation(t.photo_positions, True)}{E}[^()\n]{{0,30}}\)")
        self.copula_words = tuple({f" {c.split()[-1]} " for c in t.pronoun_copulas})
        self.pronoun_title = regex.compile(rf"{B}{alternation(t.pronouns, True)}\s+{alternation(t.pronoun_copulas)}\s+")
        self.person_verb = regex.compile(rf"\s+{alternation(t.person_verbs)}{E}")
        self.elected = regex.compile(
            rf"\s*,?\s*(?:(?:{alternation(t.elected_tense)}\s+)?{alternation(t.elected_passive)}\s+"
            rf"(?:[\p{{Ll}}]+\s+){{0,3}}?)?{alternation(t.elected_verbs)}\s+{alternation(t.elected_links)}\s+"
        )
        self.group_lead = regex.compile(  # "các Ủy viên Bộ Chính trị:", "các đồng chí Phó Chủ tịch UBND tỉnh:"
            rf"{B}{alternation(t.group_words)}\s+(?:{trie_alternation(t.honorifics, True)}\s+)?"
        )
        self.list_sep = regex.compile(rf"\s*(?:,|{joiners})\s*")
        # "…, Trợ lý Bộ CHQS tỉnh và Tiến sĩ Lê Mộng Huyền": a joiner before the next person ends a title
        self.joiner = regex.compile(rf"\s+{joiners}\s+")
        self.joiner_end = regex.compile(rf"\s{joiners}$")
        self.joiner_words = tuple(t.list_joiners)  # a quick substring test before the regex
        self.lead_at = regex.compile(rf"{B}{trie_alternation(t.honorifics + t.ranks, True)}\s")
        self.role_words = [
            (role, regex.compile(rf"{B}{alternation(words, True)}{E}")) for role, words in t.roles.items()
        ]
        # places and organisations
        self.unit_words = frozenset(pl.unit_words)
        self.unit_levels = dict(pl.unit_levels)
        self.unit_first_words = frozenset(u.split()[0] for u in pl.unit_words)
        self.city_levels = frozenset(w.lower() for w in pl.city_words + pl.abbreviated_city_words)
        self.abbreviated_city_words = tuple(pl.abbreviated_city_words)
        full_units = [u for u in pl.unit_words if not u.startswith(self.abbreviated_city_words)]
        self.place_end = regex.compile(
            rf"{B}(?:{alternation(full_units)}"
            rf"\s+(?:\p{{Lu}}\p{{Ll}}+(?:\s\p{{Lu}}\p{{Ll}}+){{0,3}}|\d{{1,2}}{E})|{alternation(sorted(self.provinces))})"
            rf"(?=\s+(?!{alternation(pl.unit_words)}{E})\p{{Ll}})"
        )
        self.unit_at = regex.compile(rf"{trie_alternation(pl.unit_words)}(?![\p{{L}}\p{{N}}])")
        # ", huyện Gò Vấp" after a title that ends in a place: the next level up of the same address
        self.place_cont = regex.compile(rf"\s*,\s*(?={alternation(pl.unit_words)}(?:\s+|(?<=\.))[\p{{Lu}}\d])")
        fixed_first = "".join(sorted({w[0] for w in pl.fixed}))
        self.fixed_at = regex.compile("(?=[" + regex.escape(fixed_first) + "])" + alternation(pl.fixed))
        self.org_heads = regex.compile(
            rf"(?=\p{{Lu}}){B}(?:(?P<standalone>{trie_alternation(org.standalone)})"
            rf"|(?P<unit>{trie_alternation(org.unit_heads)})|(?P<named>{trie_alternation(org.named_heads)})){E}"
        )
        self.org_head_words = frozenset(w.lower() for w in org.named_heads if " " not in w)
        self.body_words = frozenset(w for w in org.named_heads if " " not in w and w[0].isupper())
        self.bare_bodies = frozenset(org.named_heads)  # heads that need a proper name: `Hội`, `Sở`
        self.bare_body_ends = frozenset(h.split()[-1] for h in org.named_heads)
        unit_initials = "".join(sorted({u[0] for u in pl.unit_words}))
        self.unit_place = regex.compile(
            rf"{B}(?=[\p{{Lu}}{regex.escape(unit_initials)}])(?:{alternation(pl.unit_words)})"
            rf"(?:\s+|(?<=\.))(?=\p{{Lu}}|\d)"
        )
        org_stops = t.stop_words + org.name_stop_words
        self.stop_set = frozenset(w for w in org_stops if " " not in w)
        self.stop_pairs = frozenset(w for w in org_stops if w.count(" ") == 1)
        self.unit_set = frozenset(w for w in pl.unit_words if " " not in w)
        self.name_connectors = frozenset(org.name_connectors)
        self.province_re = regex.compile(rf"{B}(?=\p{{Lu}}){alternation(sorted(self.provinces))}{E}")
        self.abbr = regex.compile(rf"{B}{alternation(list(self.abbreviations))}(?![\p{{L}}\p{{N}}])")
        self.city_glued = regex.compile(rf"({alternation(pl.city_words)})(?=\p{{Lu}})")
        # the patterns scanned over a whole text begin with a word of their list: one anchor scan finds
        # where, for all of them at once, and each is tried only there
        anchors = Anchors(
            {
                "org_heads": [*org.standalone, *org.unit_heads, *org.named_heads],
                "unit_place": pl.unit_words,
                "fixed": pl.fixed,
                "province": sorted(self.provinces),
            }
        )
        self.org_heads_scan = Anchored(self.org_heads, anchors, "org_heads")
        self.unit_place_scan = Anchored(self.unit_place, anchors, "unit_place")
        self.fixed_scan = Anchored(self.fixed_at, anchors, "fixed")
        self.province_scan = Anchored(self.province_re, anchors, "province")
        self.sentence_abbreviations = tuple(lexicon.sentences.abbreviations)  # the shared sentence index's key
        # where a title's clause may end: punctuation, a line that does not go on, a dash between spaces, a
        # sentence's dot, but not the dot of an abbreviation (`TP. Hà Nội`) or of a lone capital (`Q. Giám đốc`)
        no_abbreviation = "".join(rf"(?<!{B}(?i:{regex.escape(a)}))" for a in lexicon.sentences.abbreviations)
        # (`(?=\.)` first: the lookbehinds of every abbreviation are tried only at a dot)
        seg_break = (
            rf"[,;:!?()“”\"…|]|\n(?!\p{{Ll}})|(?=\.)(?<!{B}\p{{Lu}}){no_abbreviation}\.(?=\s|$)"
            rf"|(?<=\p{{Ll}}\p{{Ll}})\.(?=\p{{Lu}})|\s[-–—]\s"
        )
        self.seg_break = regex.compile(seg_break)
        self.seg_break_last = regex.compile("(?r)" + seg_break)  # searched from the end: the last break


@lru_cache(maxsize=4)
def entity_rules(lexicon: Lexicon) -> EntityRules:
    """The compiled entity rules of `lexicon`."""
    return EntityRules(lexicon)
