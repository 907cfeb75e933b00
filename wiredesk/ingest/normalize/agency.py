"""Recognise which configured agency an item comes from.

The network configures agencies by key with aliases (``{"afp": ["AFP", "Agence
France-Presse"]}``). :func:`detect_agency` looks through an item's provider, credit,
copyright and dateline texts, in the order given, for the first alias that matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_MARKER = re.compile(r"\(([^()]{1,60})\)")


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _alias_table(known: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    table: list[tuple[str, str]] = []
    for key, aliases in known.items():
        for alias in [key, *aliases]:
            normalised = _norm(alias or "")
            if normalised:
                table.append((normalised, key))
    # Longer aliases first, so "AFP Relaxnews" beats "AFP" at the same position.
    table.sort(key=lambda pair: -len(pair[0]))
    return table


def detect_agency(*fields: str, known: Mapping[str, Iterable[str]]) -> str:
    """The key of the agency whose name or alias appears in ``fields``, else "".

    Fields are tried in order (pass the most authoritative first: provider, credit,
    copyright holder, dateline). Within one field, an exact match wins, then a "(AFP)"
    style marker, then the earliest whole-word mention. Matching ignores case.
    """
    table = _alias_table(known)
    if not table:
        return ""
    for field in fields:
        text = _norm(field or "")
        if not text:
            continue
        for alias, key in table:
            if text == alias:
                return key
        for marker in _MARKER.finditer(text):
            inner = marker.group(1).strip()
            for alias, key in table:
                if inner == alias:
                    return key
        best: tuple[int, int, str] | None = None
        for alias, key in table:
            match = re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text)
            if match and (best is None or (match.start(), -len(alias)) < best[:2]):
                best = (match.start(), -len(alias), key)
        if best is not None:
            return best[2]
    return ""
