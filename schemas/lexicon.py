"""The lexicon: every word the extractors decide on, one validated model per data file.

`extractors/data/` holds the files (reviewed data, dateparser's way); a loader
outside the extractors (`pipeline.lexicon.load_lexicon`) reads them, lays the
user's rule folders over them and validates each file against its model here.
Every model forbids unknown keys, so a misspelt section of a user file is an
error (E110), not a silent no-op. The extractors receive the `Lexicon` as an
argument and compile their own view of it; they never read files.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WordList(_Data):
    words: list[str]


# --- figures.toml -------------------------------------------------------------------------------


class NumberWords(_Data):
    """Numbers written in words: `ba trăm hai mươi lăm` is 325."""

    units: dict[str, int]
    ten: list[str]
    tens: list[str]
    hundred: list[str]
    joiners: list[str]
    half: list[str]
    after_tens_only: list[str] = Field(description="unit words that need a ten before them (`lăm`, `mốt`)")
    not_after_tens: list[str] = Field(description="unit words never after a ten (`mười năm` is ten years)")


class Qualifiers(_Data):
    more_than: list[str]
    less_than: list[str]
    approx: list[str]
    more_than_after: list[str]
    less_than_after: list[str]
    fillers: list[str]
    comparatives: list[str]
    comparative_bounds: list[str] = Field(description="bound words that compare after a comparative")
    not_for_counts: list[str] = Field(description="bound words that are verbs before a count (`vượt 3 chỉ tiêu`)")
    clause_approx: list[str]
    not_estimate_before: list[str]
    not_estimate_after: list[str]


class Percent(_Data):
    signs: list[str]
    not_percent_before: list[str]


class Quantity(_Data):
    units: dict[str, str]


class Dates(_Data):
    cues: list[str]
    weak_cues: list[str] = Field(description="cues that also stand before plain numbers")
    quarters: dict[str, int]
    day_words: list[str]
    day_prefixes: list[str]
    month_words: list[str]
    year_words: list[str]
    quarter_words: list[str]
    list_joiners: list[str]
    range_joiners: list[str]
    whole_year_words: list[str]
    measure_after: list[str] = Field(description="after a day-month pair: a range or fraction of a measure")
    fraction_before: list[str] = Field(description="before a pair: a ratio, score or fraction")
    clause_words_after: list[str] = Field(description="words after a day-month that continue the clause")


class Counts(_Data):
    durations: list[str]
    not_nouns: list[str]
    not_after: list[str]
    total_before: list[str]
    vague_before: list[str]
    ambiguous_number_words: list[str]
    determiners: list[str]
    ratio_words: list[str]
    ratio_units: list[str]
    per_unit_before: list[str]
    given_noun_leads: list[str] = Field(description="`số hồ sơ tiếp nhận là 2.372`: words naming the noun")
    given_noun_verbs: list[str]
    list_continuations: list[str] = Field(description="a line ending in these goes on: no footnote follows")
    subject_stops: list[str]


class Amounts(_Data):
    range_joiners: list[str]
    rate_continuations: list[str] = Field(description="a rate denominator's second word (`đồng/năm học`)")
    rate_durations: list[str] = Field(description="`đồng/người/5 năm`: a duration after a number")


class DocRefs(_Data):
    number_words: list[str]
    date_leads: list[str]
    date_words: list[str]
    default_type: str


class Figures(_Data):
    """figures.toml: numbers, scales, currencies, qualifiers, units, dates, counts, references."""

    numbers: NumberWords
    scales: dict[str, float]
    currencies: dict[str, str]
    money_not_after: WordList
    money_context: WordList
    qualifiers: Qualifiers
    percent: Percent
    quantity: Quantity
    dates: Dates
    counts: Counts
    amounts: Amounts
    doc_refs: DocRefs


class DocType(_Data):
    """doc_types.tsv: a kind of numbered document and the codes of its symbols."""

    name: str
    codes: list[str]


# --- people, organisations, places ---------------------------------------------------------------


class Names(_Data):
    surnames: list[str]
    not_names: list[str]
    wrap_middles: list[str] = Field(description="middle names that may end a PDF line after the surname")


class HeadForms(_Data):
    """Title heads built from parts: `Phó` + `Chủ tịch`, `Tổng` + `Biên tập`, `Cục` + `trưởng`."""

    deputies: list[str] = Field(description="before a core, general or unit head: `Phó`, `Quyền`")
    cores: list[str] = Field(description="posts that take a deputy word: `Chủ tịch`, `Giám đốc`")
    general: str = Field(description="the word that makes a general post: `Tổng`")
    general_cores: list[str] = Field(description="posts only after `general`: `Biên tập` -> `Tổng Biên tập`")
    units: list[str] = Field(description="unit nouns that take a rank word: `Cục`, `Sư đoàn`")
    unit_ranks: list[str] = Field(description="`trưởng`, `phó`: `Cục trưởng`, `Đội phó`")


class StopWordsInNouns(_Data):
    """Stop words that are also part of nouns of organisation names, where the dictionary has the noun."""

    first: list[str] = Field(description="`dự` of `dự án`")
    last: list[str] = Field(description="`làm` of `việc làm`")


class Titles(_Data):
    """titles.toml: title heads, honorifics, name shape, where a title ends."""

    heads: list[str]
    ranks: list[str] = Field(description="military and police ranks: titles of their own")
    head_forms: HeadForms
    head_prefixes: list[str]
    signature_authorities: list[str] = Field(description="`KT.`, `TM.`, `TL.`: a line signed for someone else")
    recipient_lines: list[str] = Field(description="lines of the recipients list beside a signature block")
    person_attributes: list[str] = Field(description="`tư tưởng`, `tấm gương`: a name after them is a person")
    status_words: list[str] = Field(description="what a person is, never a title: `thương binh`")
    current_markers: list[str] = Field(description="`(nay là …)`: a later post in brackets")
    acting_links: list[str] = Field(description="`… làm trưởng đoàn`: a head after them is one more title")
    photo_positions: list[str] = Field(description="`(ngồi giữa)` after a name in a caption: a person")
    pronouns: list[str] = Field(description="`ông`, `bà`: a person named earlier in the sentence")
    pronoun_copulas: list[str] = Field(description="`ông là giảng viên …`: the pronoun's person's title")
    honorifics: list[str]
    honorific_not_after: list[str]
    person_verbs: list[str]
    stop_words: list[str]
    stop_words_not_after: list[str]
    stop_words_in_nouns: StopWordsInNouns
    org_continuations: list[str]
    non_person_prefixes: list[str]
    soft_place_prefixes: list[str]
    byline_starts: list[str]
    credit_ends: list[str]
    title_joiners: list[str] = Field(description="one person's two titles: `Bí thư kiêm Chủ tịch`")
    title_copulas: list[str] = Field(description="`Nguyễn Văn A, là Chủ tịch …`")
    list_joiners: list[str]
    group_words: list[str] = Field(description="`các Ủy viên Bộ Chính trị: …`")
    elected_tense: list[str]
    elected_passive: list[str]
    elected_verbs: list[str]
    elected_links: list[str]
    roles: dict[str, list[str]]
    names: Names


class OtherPlaces(_Data):
    names: list[str]


class Places(_Data):
    """places.toml: unit words and the gazetteer of provinces (before and after 1 July 2025)."""

    unit_words: list[str]
    abbreviated_city_words: list[str]
    city_words: list[str]
    unit_not_after: list[str]
    fixed: list[str]
    provinces_2025: list[str]
    provinces_before_2025: list[str]
    other: OtherPlaces
    unit_levels: dict[str, int] = Field(description="lower-case unit word -> 1 (hamlet) … 4 (province)")


class Organisations(_Data):
    standalone: list[str]
    unit_heads: list[str]
    named_heads: list[str]
    name_stop_words: list[str]
    name_connectors: list[str]


class Sentences(_Data):
    """sentences.toml: abbreviations whose dot ends no sentence (`TP. Hồ Chí Minh`)."""

    abbreviations: list[str]


# --- metrics.toml ---------------------------------------------------------------------------------


class MetricSpec(_Data):
    label: str = Field(min_length=1)
    kinds: list[Literal["count", "money", "quantity", "percent"]] = Field(min_length=1)
    nouns: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    additive: bool = True
    disabled: bool = False


class Matching(_Data):
    window_before: int = 20
    window_after: int = 6
    noun_only_score: float = 0.04
    neutral: list[str] = Field(default_factory=list)
    after_stop: list[str] = Field(default_factory=list)
    subject_trim: list[str] = Field(default_factory=list, description="link words off a subject's ends")


class Aggregation(_Data):
    breakdown_markers: list[str] = Field(default_factory=list)
    change_markers: list[str] = Field(default_factory=list)
    change_window: int = 2
    target_markers: list[str] = Field(default_factory=list)
    target_window: int = 8


class TaxonomyData(_Data):
    """metrics.toml: the metric taxonomy and its matching and aggregation settings."""

    matching: Matching = Field(default_factory=Matching)
    aggregation: Aggregation = Field(default_factory=Aggregation)
    metrics: dict[str, MetricSpec] = Field(default_factory=dict)


# --- the whole ------------------------------------------------------------------------------------


class Lexicon(_Data):
    """Every data file, validated, with the user's rule folders laid over; `version` hashes all of it."""

    version: str = Field(description="sha256 of every file that went into this lexicon, in order")
    sources: list[str] = Field(description="the files read, packaged first, then the user's")
    figures: Figures
    count_nouns: list[str]
    doc_types: list[DocType]
    titles: Titles
    places: Places
    organisations: Organisations
    abbreviations: dict[str, str]
    sentences: Sentences
    taxonomy: TaxonomyData
    facts: dict[str, Any] = Field(description="doc_types_facts.toml: document facts words")
    dictionary: frozenset[str] = Field(
        description="lower-case Vietnamese dictionary words of two or more syllables (underthesea Viet74K)")

    def __hash__(self) -> int:  # the compiled views of the extractors are cached per lexicon
        return hash(self.version)
