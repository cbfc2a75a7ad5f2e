"""The CLI commands, one module each, in the order `solieu --help` lists them.

Each module exposes `register(subparsers) -> None`, which adds its parser and
sets `func` to a function taking the parsed Namespace and returning an exit
code. Modules import heavy libraries inside that function only, so
`solieu --help` stays fast.
"""

COMMANDS: tuple[str, ...] = ("run", "schema", "export", "summary", "diff", "eval", "review")
