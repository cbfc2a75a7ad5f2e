"""`solieu`, the command line: a thin layer over the library's functions (see `pipeline.cli.main`)."""

from pipeline.cli.main import main

__all__ = ["main"]
