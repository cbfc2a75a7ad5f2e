"""The lexicon and the gazetteer: the one place that reads the extractors' data files.

The extractors are pure functions; everything they decide on is data that is
loaded here, validated by the models of `schemas.lexicon`, and handed to them.
"""

from pipeline.lexicon.loader import DATA_FILES, load_lexicon, load_taxonomy, rules_dirs_from_env

__all__ = ["DATA_FILES", "load_lexicon", "load_taxonomy", "rules_dirs_from_env"]
