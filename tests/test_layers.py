"""The architecture, checked: words live in data, every data key is read, the layers hold.

These fail when someone writes a Vietnamese word into an extractor's code, adds a data key
nothing reads, or imports across a layer (`lint-imports`, contracts in pyproject.toml).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from schemas.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[1]
# Vietnamese letters that English has not: a literal holding one is a Vietnamese word (or part of one)
VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ") | set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
VIETNAMESE |= {c.upper() for c in VIETNAMESE}


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def vietnamese_literals(path: Path) -> list[str]:
    """`file:line: literal` for each non-docstring literal holding a Vietnamese letter."""
    rel = path.relative_to(ROOT).as_posix()
    return [f"{rel}:{line}: {value[:60]!r}" for line, value in _literals(path) if VIETNAMESE & set(value)]


def test_no_vietnamese_word_in_extractor_code() -> None:
    found = [hit for path in sorted((ROOT / "extractors").rglob("*.py")) for hit in vietnamese_literals(path)]
    assert not found, "words belong in extractors/data/:\n" + "\n".join(found)


def test_the_literal_check_would_catch_a_word(tmp_path: Path) -> None:
    module = ROOT / "extractors" / "_probe_for_test.py"
    module.write_text('"""Docstrings may say `hơn` and `tỷ`."""\nSTOP = ("và", "va")\n', encoding="utf-8")
    try:
        assert vietnamese_literals(module) == ["extractors/_probe_for_test.py:2: 'và'"]
    finally:
        module.unlink()


def _fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted path, field name) of every field of the data files' models, nested models included."""
    out = []
    for name, info in model.model_fields.items():
        out.append((prefix + name, name))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _fields(annotation, prefix + name + ".")
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                out += _fields(arg, prefix + name + ".")
    return out


def test_every_lexicon_key_is_read_by_code() -> None:
    """A key of a data file that no code reads is dead data (a user setting it would see no effect)."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for folder in ("extractors", "pipeline") for p in (ROOT / folder).rglob("*.py")
    )
    unread = []
    for path, name in _fields(Lexicon):
        dotted = ".".join(path.split(".")[-2:])  # r.words("counts.not_nouns") reads a key by its section
        if f".{name}" not in code and f'"{dotted}"' not in code and f"{name}=" not in code:
            unread.append(path)
    assert not unread, f"data keys nothing reads: {unread}"


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is not installed")
def test_import_layers_hold() -> None:
    done = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
