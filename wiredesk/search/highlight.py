"""Highlighted snippets that are safe to put on a page. Plain Python, no Django.

Backends ask the database to wrap matched words in two private-use characters, ``START`` and
``STOP``, which never occur in indexed text (:func:`clean_text` removes them before
indexing). :func:`marked_html` then escapes the whole snippet and turns only those two
characters into ``<mark>`` and ``</mark>``, balanced, so no tag a story contains (or a
reader typed) can reach the page.
"""

from __future__ import annotations

import re
from html import escape

START = "\ue000"
STOP = "\ue001"
ELLIPSIS = "\u2026"
_SENTINELS = str.maketrans({START: None, STOP: None})
_MARKERS = re.compile(f"([{START}{STOP}])")


def clean_text(text: str | None) -> str:
    """``text`` without the highlight markers, ready to be indexed."""
    return (text or "").translate(_SENTINELS)


def marked_html(snippet: str | None) -> str:
    """Escaped ``snippet`` with each marked run wrapped in ``<mark>``; stray markers dropped
    and an unclosed mark closed."""
    out: list[str] = []
    open_mark = False
    for part in _MARKERS.split(snippet or ""):
        if part == START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif part == STOP and open_mark:
            out.append("</mark>")
            open_mark = False
        elif part not in (START, STOP):
            out.append(escape(part, quote=True))
    if open_mark:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")
