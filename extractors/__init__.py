"""Pure extractors: `text, lexicon -> list[Mention | Entity]`, no I/O.

Their rules (unit nouns, scale and currency words, qualifiers, titles,
document types…) live in `extractors/data/`, read and validated by
`pipeline.lexicon.load_lexicon` and passed in as a `schemas.lexicon.Lexicon`.
Nothing here catches exceptions: a bug surfaces as E603 for its file.
"""
