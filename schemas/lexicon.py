"""The lexicon: every word the extractors decide on, one validated model per data file.

`extractors/data/` holds the files (reviewed data, dateparser's way); a loader
outside the extractors (`pipeline.lexicon.load_lexicon`) reads them, lays the
user's rule folders over them and validates each file against its model here.
Every model forbids unknown keys, so a misspelt section of a user file is an
error (E110), not a silent no-op. The extractors receive the `Lexicon` as an
argument and compile their own view of it; they never read files.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.gazetteer import Tier
from schemas.models import Level
from schemas.tables import ColumnRole


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
    zero: list[str] = Field(description="zero, only before a hundred word inside a number")
    after_tens_only: list[str] = Field(description="unit words that need a ten before them (`lăm`, `mốt`)")
    not_after_tens: list[str] = Field(description="unit words never after a ten (`mười năm` is ten years)")
    decimal_points: list[str] = Field(default_factory=list, description="the spoken decimal mark: `ba phẩy năm` is 3.5")


class Qualifiers(_Data):
    more_than: list[str]
    less_than: list[str]
    approx: list[str]
    more_than_after: list[str]
    less_than_after: list[str]
    fillers: list[str]
    comparatives: list[str]
    comparative_bounds: list[str] = Field(description="bound words that compare after a comparative")
    less_comparatives: list[str]
    comparison_markers: list[str]
    more_than_signs: list[str]
    less_than_signs: list[str]
    clause_more_than: list[str]
    clause_less_than: list[str]
    locative_bounds: list[str]
    besides_bounds: list[str]
    locative_nouns: list[str]
    besides_followers: list[str]
    free_before: list[str]
    not_for_counts: list[str] = Field(description="bound words that are verbs before a count (`vượt 3 chỉ tiêu`)")
    clause_approx: list[str]
    not_estimate_before: list[str]
    not_estimate_after: list[str]


class Percent(_Data):
    signs: list[str]
    not_percent_before: list[str]


class Quantity(_Data):
    units: dict[str, str]
    prefixes: dict[str, str]
    bases: dict[str, str]
    powers: dict[str, str]


class Dates(_Data):
    cues: list[str]
    weak_cues: list[str] = Field(description="cues that also stand before plain numbers")
    quarters: dict[str, int]
    day_words: list[str]
    day_prefixes: list[str]
    month_words: list[str]
    year_words: list[str]
    quarter_words: list[str]
    quarter_abbreviations: list[str] = Field(description="`Q1/2024`: a quarter abbreviated, with its year only")
    list_joiners: list[str]
    range_joiners: list[str]
    whole_year_words: list[str]
    year_links: list[str] = Field(description="between a month or quarter and its year: `quý 4 của năm 2018`")
    month_names: dict[str, Annotated[int, Field(ge=1, le=12)]] = Field(
        description="month words that are no number alone: `giêng`, `chạp`, `tư`"
    )
    month_abbreviations: list[str] = Field(description="`10 Th9, 2023`: a month abbreviated, in full dates only")
    zero_words: list[str] = Field(description="zero in a year said in words: `hai nghìn không trăm hai mươi`")
    hour_words: list[str] = Field(description="a time of day: `9 giờ 30`, `17h30` (claimed, never a figure)")
    minute_words: list[str]
    measure_after: list[str] = Field(description="after a day-month pair: a range or fraction of a measure")
    fraction_before: list[str] = Field(description="before a pair: a ratio, score or fraction")
    range_labels: list[str] = Field(description="before a pair: a scale of levels (`gió cấp 7-8`), no date")
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
    whole_nouns: list[str]
    multiplier_after: list[str]
    lump_sum_before: list[str]
    breakdown_leads: list[str]
    never_noun_heads: list[str]
    compound_heads: list[str]
    classifiers: list[str]
    set_phrases: list[str]
    noun_prefixes: list[str]
    archive_lines: list[str]
    one_of: list[str]
    verbs: list[str]
    name_heads: list[str]


class Amounts(_Data):
    range_joiners: list[str]
    between_words: list[str]
    between_joiners: list[str]
    pair_joiners: list[str]
    glued_scales: dict[str, float]
    per_words: list[str]
    short_denominators: list[str]
    rate_continuations: list[str] = Field(description="a rate denominator's second word (`đồng/năm học`)")
    rate_durations: list[str] = Field(description="`đồng/người/5 năm`: a duration after a number")


class DocRefs(_Data):
    number_words: list[str]
    number_suffixes: list[str] = Field(description="letters after a document number: `30a/2008/NQ-CP`")
    date_leads: list[str]
    date_words: list[str]
    default_type: str


class TableRows(_Data):
    totals: list[str] = Field(description="a totals row's indicator: Tổng cộng, Cộng, Toàn tỉnh")
    sub_item_leads: list[str] = Field(description="words opening a sub-item's indicator: Trong đó, -")


class TableWords(_Data):
    """The words of table headers, unit lines and rows (ANNOTATION.md, Tables and lists)."""

    unit_leads: list[str] = Field(description="a unit line over a table or in a header: Đơn vị tính, ĐVT")
    not_units: list[str] = Field(description="unit cells and header words naming no unit: Số lượng")
    count_leads: list[str] = Field(description="`Số hồ sơ …`: a header naming what it counts after these")
    not_counted: list[str] = Field(description="what follows a count lead without being counted: tiền, liệu")
    score_unit: str = Field(min_length=1, description="the noun a whole score counts: điểm")
    roles: dict[ColumnRole, list[str]] = Field(description="a column's role by the word its header begins with")
    value_roles: list[ColumnRole] = Field(description="roles a header holding their word takes, in this order")
    rows: TableRows


class Figures(_Data):
    """figures.toml: numbers, scales, currencies, qualifiers, units, dates, counts, references, tables."""

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
    tables: TableWords


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
    change_skip: list[str] = Field(default_factory=list)
    target_markers: list[str] = Field(default_factory=list)
    target_window: int = 8


class TaxonomyData(_Data):
    """metrics.toml: the metric taxonomy and its matching and aggregation settings."""

    matching: Matching = Field(default_factory=Matching)
    aggregation: Aggregation = Field(default_factory=Aggregation)
    metrics: dict[str, MetricSpec] = Field(default_factory=dict)


# --- doc_types_facts.toml ---------------------------------------------------------------------------


class FactsHeader(_Data):
    """The heading block of an administrative text and the subject lines under its heading."""

    motto: list[str] = Field(description="the mottos of the right column, found anywhere in the heading block")
    number_labels: list[str] = Field(description="`Số: 3367/TTr-SNV`, `Số 145-BC/HU`: the label before the number")
    unit_continuations: list[str] = Field(description="an issuer line that continues the line above")
    incomplete: list[str] = Field(description="an issuer line that needs the next one to name the body")
    issuer_continues: list[str] = Field(description="an issuer line ending in these goes on (`… SÁNG TẠO,`)")
    body_heads: list[str] = Field(description="the words a body's name begins with, in any case (`Ủy ban`, `Sở`)")
    draft_marks: list[str] = Field(description="`Dự thảo` above the type line: neither issuer nor type")
    letter_subject: list[str] = Field(description="`V/v …` under the number: a letter, which has no type line")
    letter_type: str = Field(description="the doc_type of a letter")
    addressee: list[str] = Field(description="`Kính gửi`: under a number whose symbol names no kind, a letter")
    not_lead: list[str] = Field(description="lines under the title that are not its lead")
    title_stops: list[str] = Field(description="lines that end the subject lines (`Kính gửi`, `Căn cứ`)")
    title_continues: list[str] = Field(description="a subject line ending in these goes on (`… và`)")
    title_summary: list[str] = Field(description="`BÁO CÁO THẨM TRA / Về …`: a summary line under a type line's title")


class FactsCasing(_Data):
    """The issuer's line in sentence case, as Nghị định 30/2020/NĐ-CP (Phụ lục II) writes names of bodies."""

    names: list[str] = Field(description="names and parts of names written as listed (`Ủy ban nhân dân`)")
    field_heads: list[str] = Field(description="`Sở`, `Phòng`: their field takes a capital per part (`Sở Tài chính`)")
    proper_after: list[str] = Field(description="`THCS`: a proper name follows, every syllable capitalised")
    abbreviations: list[str] = Field(description="upper-case words kept upper besides those without a vowel")


class FactsDates(_Data):
    """The place-and-date line, the publication line of a news page, and the date words of periods."""

    day: list[str] = Field(description="`ngày 28`")
    month: list[str] = Field(description="`tháng 11`")
    year: list[str] = Field(description="`năm 2024`")
    weekdays: list[str] = Field(description="`Thứ Sáu, 30/12/2022`: a publication line starts with one")


class FactsNews(_Data):
    """How an article names its newspaper or site."""

    tag_words: list[str] = Field(description="words inside a dateline tag besides abbreviations: `(LĐ online)`")
    domains: list[str] = Field(description="the endings of a site's name in a tag or credit: `binhdinh.gov.vn`")
    outlets: list[str]
    reporter: list[str] = Field(description="`PV Dân trí`: the paper speaking of itself")
    as_reported_before: list[str]
    as_reported_after: list[str]
    interview: list[str]
    credit: list[str] = Field(description="`Theo baocongthuong.com.vn` as the last line")
    outlet_provinces: dict[str, str] = Field(description="a provincial paper's dateline tag -> its province")
    domain_province_min: int = Field(ge=3, description="the shortest province name looked for in a domain")
    caption: list[str] = Field(description="a paragraph that is a photo caption, not the lead")


class FactsUnits(_Data):
    """Administrative units as written: the word before a name, and names that are not units."""

    words: dict[str, list[Tier]] = Field(description="unit word, lower case -> the gazetteer tiers it names")
    not_units: list[str] = Field(description="`xã hội` is society, not a xã")
    not_bare: list[str] = Field(description="a bare name that is rather a person's or an idea's")
    gazetteer_words: list[str] = Field(description="the words the gazetteer writes before names")
    aliases: dict[str, str] = Field(description="ways of writing a province that are not its name")


class FactsLevels(_Data):
    """The reporting-unit level of each gazetteer tier, of the country and of a body."""

    province: Level
    district: Level
    ward: Level
    national: Level
    body: Level
    national_name: str = Field(description="the name of the country as a reporting unit")


class FactsScope(_Data):
    """What the figures of a title or lead cover."""

    national: list[str] = Field(description="`cả nước`: the whole country")
    not_national_after: list[str] = Field(description="`bình quân cả nước`: a comparison with the country")
    unit_before: list[str] = Field(description="`toàn tỉnh X`, `trên địa bàn tỉnh X`")
    venue_before: list[str] = Field(description="`tại …`: the venue of an event, not the unit")
    host: list[str] = Field(description="`X làm việc với Y`: Y reports")
    delegation: list[str]
    delegation_links: list[str] = Field(description="`Đoàn công tác của …`")
    many_provinces: int = Field(ge=2, description="this many provinces in one sentence: the country's figures")


class FactsBodies(_Data):
    """Organisations: which stand for their unit, which are the country's, which are no body at all."""

    governing: list[str]
    standing: list[str]
    committees: dict[str, str] = Field(description="`Tỉnh ủy` -> the unit word of its unit")
    party: list[str]
    national: list[str]
    central: list[str] = Field(description="central bodies of no province: `Tổng cục Hải quan`")
    departments: list[str] = Field(description="an issuer that reports its unit's figures (`Sở`, `Phòng`, a board)")
    not_bodies: list[str]


class FactsPeriods(_Data):
    """Reporting periods as reports write them (ANNOTATION.md, Document facts: period)."""

    roman: dict[str, int]
    month_words: dict[str, int] = Field(description="numbers of months written in words")
    half_months: list[str] = Field(description="`6 tháng`, `sáu tháng`: a half year")
    first_half: list[str]
    second_half: list[str]
    quarter: list[str] = Field(description="`quý I/2024`")
    months_tail: list[str]
    since_new_year: list[str]
    until_now: list[str]
    until: list[str]
    as_at: list[str]
    times_of_day: list[str]
    year_heads: list[str]
    year_prefixes: list[str] = Field(description="`cả năm 2020`, `trong năm 2021`")
    plan_heads: list[str] = Field(description="`kế hoạch 2016`: a year head that is no target")
    school_year: list[str]
    term: list[str]
    term_past: list[str] = Field(description="`nhiệm kỳ qua (2015 - 2020)`")
    range: list[str]
    date_range_from: list[str] = Field(description="`từ ngày 1/3 đến ngày 31/3/2022`")
    date_range_to: list[str]
    month_alone_after: list[str]
    comparison: list[str]
    target: list[str]
    target_done: list[str] = Field(description="`tình hình thực hiện dự toán`: a target word after these is a result")
    plan_near: list[str]
    future_after: list[str]
    names: list[str]
    campaigns: list[str] = Field(description="`Tháng Thanh niên năm 2022`: a campaign whose dates may be stated")
    anniversary: list[str]
    open_start: list[str]


class FactsSummaryHeading(_Data):
    starts: list[str] = Field(description="`TÓM TẮT … BÁO CÁO …`: a summary keeps the kind it summarises")


class FactsDefaults(_Data):
    no_heading: str = Field(description="the doc_type of a text with prose and no heading: a news article")


class Facts(_Data):
    """doc_types_facts.toml: every word the document-facts extractor decides on."""

    doc_types: dict[str, str] = Field(description="an upper-case heading -> the doc_type in sentence case")
    summary_heading: FactsSummaryHeading
    defaults: FactsDefaults
    header: FactsHeader
    casing: FactsCasing
    dates: FactsDates
    news: FactsNews
    units: FactsUnits
    levels: FactsLevels
    scope: FactsScope
    bodies: FactsBodies
    periods: FactsPeriods


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
    facts: Facts = Field(description="doc_types_facts.toml: the words of the document facts")
    dictionary: frozenset[str] = Field(
        description="lower-case Vietnamese dictionary words of two or more syllables (underthesea Viet74K)"
    )

    def __hash__(self) -> int:  # the compiled views of the extractors are cached per lexicon
        return hash(self.version)
