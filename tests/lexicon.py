"""The packaged lexicon, loaded once for the tests (the extractors take it as an argument)."""

from extractors.numbers import number_rules
from pipeline.lexicon import load_lexicon

LEXICON = load_lexicon()
NUMBERS = number_rules(LEXICON)
