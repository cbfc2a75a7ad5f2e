"""A run's output order (`_Order`): every file's doc_id, path, store key and to-do mark come back as given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.run.batch import _error_payload, _Order

names = st.text(st.characters(codec=None), max_size=40)  # any str: lone surrogates (undecodable names) too
files = st.lists(
    st.tuples(names, names, st.binary(min_size=32, max_size=32), st.booleans(), st.booleans()), max_size=30
)


@given(files)
def test_every_file_comes_back_as_it_was_added(entries: list[tuple[str, str, bytes, bool, bool]]) -> None:
    order = _Order()
    errors = {}
    for i, (doc_id, path, key, todo, failed) in enumerate(entries):
        if failed:  # failed before it was read: kept with its error, never a task
            errors[i] = _error_payload("x.txt", "x.txt", "E107", "x.txt: a FIFO (named pipe), not a regular file")
            order.add(doc_id, path, errors[i])
        else:
            order.add(doc_id, path, key.hex(), todo=todo)
    assert len(order) == len(entries)
    for i, (doc_id, _path, key, todo, failed) in enumerate(entries):
        assert order.entry(i) == (doc_id, errors[i] if failed else key.hex())
        assert order.is_todo(i) == (todo and not failed)
    expected = [(d, p, k.hex()) for d, p, k, todo, failed in entries if todo and not failed]
    assert [(t.doc_id, t.path, t.key) for t in order.tasks("/root")] == expected
    assert order.n_todo == len(expected)
