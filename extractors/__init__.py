"""Pure extractors: `text -> list[Mention | Entity]`, no I/O, never raise on any input.

Their rules (unit nouns, scale and currency words, qualifiers, titles,
document types…) live in `extractors/data/`, read once by `extractors.rules`.
"""
