"""The entity rules of a lexicon, compiled once: name shape, title heads, unit words, organisation heads.

Every pattern that holds a word comes from the lexicon (`titles.toml`, `places.toml`,
`organisations.toml`, `abbreviations.tsv`); patterns of pure punctuation and letter
case stay module constants beside the code that uses them.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from schemas.lexicon import Lexicon

B = r"(?<![\p{L}\p{N}])"  # word start
E = r"(?![\p{L}\p{N}])"  # word end


def alternation(words: list[str], case_insensitive: bool = False) -> str:
    """Regex alternation of `words`, longest first; spaces match any run of blanks."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = r"\s+".join(regex.escape(p) for p in w.split())
        if case_insensitive:
            esc = f"(?i:{esc})"
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"


def _head_alternation(heads: list[str]) -> str:
    """Title heads: first letter as written (upper case), the rest in any case."""
    parts = []
    for h in sorted(set(heads), key=len, reverse=True):
        first, rest = h[0], h[1:]
        rest_re = r"\s+".join(regex.escape(p) for p in rest.split(" "))
        parts.append(regex.escape(first) + (f"(?i:{rest_re})" if rest else ""))
    return "(?:" + "|".join(parts) + ")"


class WordSuffix:
    """Does a text end with one of these words (then white space)? A set lookup on the last words."""

    def __init__(self, words: list[str], fold_case: bool, not_after: tuple[str, ...] = ()) -> None:
        self.fold = fold_case
        self.words = {w.lower() if fold_case else w for w in words}
        self.longest = max(len(w.split()) for w in words)
        self.not_after = not_after

    def strip(self, before: str) -> str | None:
        """`before` without its trailing word and white space, or None when it does not end with one."""
        if not self.ends(before):
            return None
        stripped = before.rstrip()
        words = stripped.split()
        for n in range(min(self.longest, len(words)), 0, -1):
            cand = " ".join(words[-n:])
            if (cand.lower() if self.fold else cand) in self.words and stripped.endswith(cand):
                return stripped[:len(stripped) - len(cand)]
        return None

    def ends(self, before: str) -> bool:
        """True when `before` ends with one of the words and white space."""
        if not before or not before[-1].isspace():
            return False
        words = before.split()[-(self.longest + 1):]
        for n in range(min(self.longest, len(words)), 0, -1):
            cand = " ".join(words[-n:])
            if (cand.lower() if self.fold else cand) in self.words:
                return not (len(words) > n and words[-n - 1].lower() in self.not_after)
        return False


class EntityRules:
    """A lexicon's entity words as sets and compiled patterns (one instance per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        t, pl, org = lexicon.titles, lexicon.places, lexicon.organisations
        self.abbreviations = dict(lexicon.abbreviations)
        self.surnames = frozenset(t.names.surnames)
        self.not_names = frozenset(t.names.not_names)
        self.wrap_middles = frozenset(t.names.wrap_middles)
        self.provinces = frozenset(pl.provinces_2025) | frozenset(pl.provinces_before_2025)
        self.known_places = self.provinces | frozenset(pl.other.names) | frozenset(pl.fixed)
        self.cap_honorifics = frozenset(h[0].upper() + h[1:] for h in t.honorifics if " " not in h)
        self.credit_ends = tuple(t.credit_ends)
        head = _head_alternation(t.heads)
        prefix = alternation(t.head_prefixes)
        joiners = alternation(t.list_joiners)
        self.title_start = regex.compile(rf"{B}(?:{prefix}\s+)?{head}{E}")
        self.title_start_any_case = regex.compile(rf"{B}(?i:(?:{prefix}\s+)?{head}){E}")
        not_after_stop = "".join(rf"(?<!(?i:{regex.escape(w)})\s)" for w in t.stop_words_not_after)
        self.stop = regex.compile(rf"{B}{not_after_stop}{alternation(t.stop_words)}{E}")
        self.cap_non_person = frozenset(w for w in t.non_person_prefixes + t.soft_place_prefixes
                                        if " " not in w and w[0].isupper())
        self.not_unit_words = frozenset(w for w in pl.unit_not_after if " " not in w)
        self.honorific_endings = tuple({h.lower().split()[-1] for h in t.honorifics})
        self.not_unit_after = WordSuffix(pl.unit_not_after, True)
        self.honorific_suffix = WordSuffix(t.honorifics, True, tuple(t.honorific_not_after))
        self.non_person_suffix = WordSuffix(t.non_person_prefixes, False)
        self.soft_place_suffix = WordSuffix(t.soft_place_prefixes, False)
        self.byline = regex.compile(rf"^\s*{alternation(t.byline_starts, case_insensitive=True)}")
        self.org_cont = regex.compile(rf"\s*,\s*({alternation(t.org_continuations)}{E})")
        self.kiem = regex.compile(rf"\s+{alternation(t.title_joiners)}\s+")
        self.va_head = regex.compile(rf"\s+{joiners}\s+(?={head}{E})")
        links = alternation(t.title_copulas + t.title_joiners)
        self.post_sep = regex.compile(
            rf"\s*\(\s*(?=(?i:{head}){E})"  # "ông A (Chủ tịch UBND xã B)"
            rf"|\s*(?:\([^()\n]{{0,40}}\)\s*)?(?:,|-|–|—)\s*(?:{links}\s+)?")
        self.person_verb = regex.compile(rf"\s+{alternation(t.person_verbs)}{E}")
        self.elected = regex.compile(
            rf"\s*,?\s*(?:(?:{alternation(t.elected_tense)}\s+)?{alternation(t.elected_passive)}\s+"
            rf"(?:[\p{{Ll}}]+\s+){{0,3}}?)?{alternation(t.elected_verbs)}\s+{alternation(t.elected_links)}\s+")
        upper_prefixes = "".join(rf"{regex.escape(p)}\s+|" for p in t.upper_head_prefixes).rstrip("|")
        self.upper_title = regex.compile(  # a signature block's title line: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
            rf"(?:^|\s)((?:{upper_prefixes})*"
            rf"{alternation([h.upper() for h in t.heads if len(h) > 3])}"
            rf"(?:\s+[\p{{Lu}}]+)*)\s*$"
        )
        self.group_title = regex.compile(
            rf"{B}{alternation(t.group_words)}\s+((?:{prefix}\s+)?{head}{E}[^,;:.\n]*?)\s*$")
        self.list_sep = regex.compile(rf"\s*(?:,|{joiners})\s*")
        self.role_words = [(role, regex.compile(rf"{B}{alternation(words, True)}{E}"))
                           for role, words in t.roles.items()]
        # places and organisations
        self.unit_words = frozenset(pl.unit_words)
        self.abbreviated_city_words = tuple(pl.abbreviated_city_words)
        full_units = [u for u in pl.unit_words if not u.startswith(self.abbreviated_city_words)]
        self.place_end = regex.compile(
            rf"{B}(?:{alternation(full_units)}"
            rf"\s+\p{{Lu}}\p{{Ll}}+(?:\s\p{{Lu}}\p{{Ll}}+){{0,3}}|{alternation(sorted(self.provinces))})"
            rf"(?=\s+(?!{alternation(pl.unit_words)}{E})\p{{Ll}})"
        )
        self.unit_at = regex.compile(rf"{alternation(pl.unit_words)}(?![\p{{L}}\p{{N}}])")
        fixed_first = "".join(sorted({w[0] for w in pl.fixed}))
        self.fixed_at = regex.compile("(?=[" + regex.escape(fixed_first) + "])" + alternation(pl.fixed))
        self.org_heads = regex.compile(
            rf"{B}(?=\p{{Lu}})(?:(?P<standalone>{alternation(org.standalone)})"
            rf"|(?P<unit>{alternation(org.unit_heads)})|(?P<named>{alternation(org.named_heads)})){E}"
        )
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
        self.sentence_abbreviations = tuple(lexicon.sentences.abbreviations)


@lru_cache(maxsize=4)
def entity_rules(lexicon: Lexicon) -> EntityRules:
    """The compiled entity rules of `lexicon`."""
    return EntityRules(lexicon)
