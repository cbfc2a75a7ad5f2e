"""Checking a run: diff two runs, score one against gold, the review page."""
