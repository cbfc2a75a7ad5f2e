"""Types of the PDF reader's compiled loops (_pdf_loops.c)."""

from typing import Any

def upright_chars(
    textpage: int, text: str, y_top: float, x_origin: float, get_box: int, get_size: int, is_generated: int, /
) -> list[tuple[str, float, float, float, float, bool]]: ...
def words_of_run(
    chars: list[tuple[str, float, float, float, float, bool]],
    upright: bool,
    tolerance: float,
    ligatures: dict[str, str],
    /,
) -> tuple[list[tuple[Any, ...]], list[int]] | None: ...
def page_census(
    page: int,
    with_edges: bool,
    rotation: int,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    functions: tuple[int, ...],
    /,
) -> tuple[int, int, int, list[tuple[float, float, float, float, int, int]], list[dict[str, Any]], list[Any]]: ...
