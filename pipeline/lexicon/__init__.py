"""The words and names the extractors decide on, loaded from files once per process.

Extractors are pure functions and may not read files: what they need from disk
is loaded here and passed to them as plain immutable values. Today this holds
the gazetteer of administrative units (`gazetteer.load_gazetteer`); the loader
of every extractor's data (the lexicon) is to join it.
"""
