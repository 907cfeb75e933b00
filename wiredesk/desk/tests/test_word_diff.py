"""Word-level diffs between revisions (pure)."""

import pytest

from wiredesk.desk.diffs import changed, word_diff


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("same text", "same text", [("same", "same text")]),
        ("", "", []),
        ("", "new words", [("ins", "new words")]),
        ("old words", "", [("del", "old words")]),
        (
            "The rocket launched on Monday.",
            "The rocket launched on Tuesday.",
            [("same", "The rocket launched on "), ("del", "Monday."), ("ins", "Tuesday.")],
        ),
        (
            "Nine satellites reached orbit",
            "Nine small satellites reached orbit",
            [("same", "Nine "), ("ins", "small "), ("same", "satellites reached orbit")],
        ),
        ("a b c", "a c", [("same", "a "), ("del", "b "), ("same", "c")]),
    ],
)
def test_word_diff(old, new, expected):
    assert word_diff(old, new) == expected
    assert changed(word_diff(old, new)) == (old != new)
    assert "".join(t for op, t in word_diff(old, new) if op != "del") == new
    assert "".join(t for op, t in word_diff(old, new) if op != "ins") == old
