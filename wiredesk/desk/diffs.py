"""Word-level differences between two revisions' texts, for the story view (pure Python)."""

import difflib
import re

_TOKEN = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` turning ``old`` into ``new``: op is ``same``, ``del`` or ``ins``;
    neighbouring pieces with the same op are merged."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    pieces: list[tuple[str, str]] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("del", a[i1:i2])
            add("ins", b[j1:j2])
    return pieces


def changed(pieces: list[tuple[str, str]]) -> bool:
    return any(op != "same" for op, _ in pieces)
