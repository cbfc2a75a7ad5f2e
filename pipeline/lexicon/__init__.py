"""The lexicon and the gazetteer: the one place that reads the extractors' data from disk.

The extractors are pure functions; everything they decide on is data that is
loaded here (`loader.load_lexicon`: extractors/data/ and the user's rule folders,
validated by the models of `schemas.lexicon`; `gazetteer.load_gazetteer`: the
administrative units underthesea ships) and handed to them as immutable values.
"""

from pipeline.lexicon.gazetteer import load_gazetteer
from pipeline.lexicon.loader import DATA_FILES, load_lexicon, load_taxonomy, rules_dirs_from_env

__all__ = ["DATA_FILES", "load_gazetteer", "load_lexicon", "load_taxonomy", "rules_dirs_from_env"]
