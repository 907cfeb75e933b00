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


class _Matcher:
    """One alias table ready for matching: a dict for exact matches (the first alias in
    table order wins, as in a scan of the table) and one regular expression with every
    alias as an alternative, longest first. A regex search stops at the earliest position
    where any alias matches as a whole word, and there takes the first alternative that
    does, which is the longest alias there: the same pick as searching for each alias in
    turn and keeping the earliest, then longest, match, in one pass over the text."""

    def __init__(self, table: list[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        for alias, key in table:
            self.exact.setdefault(alias, key)
        alternatives = "|".join(re.escape(alias) for alias, _ in table)
        self.mention = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if table else None

    def first_mention(self, text: str) -> str | None:
        match = self.mention.search(text)
        return self.exact[match.group()] if match else None


_MATCHERS: dict[tuple, _Matcher] = {}
_MAX_MATCHERS = 64


_LAST: tuple[list, _Matcher] | None = None


def _matcher(known: Mapping[str, Iterable[str]]) -> _Matcher:
    """The matcher for ``known``, built once per distinct table (every item of a batch
    passes the same agencies; normalising the aliases and compiling a pattern per alias
    for each item cost more than the matching). The last table is kept as a copy, which
    an equal table in the same order (the same one again, most calls) is checked against
    first: the order decides which key an alias of two keys means."""
    global _LAST
    last = _LAST
    if last is not None and type(known) is dict and list(known.items()) == last[0]:
        return last[1]
    if not all(isinstance(aliases, list | tuple) for aliases in known.values()):
        return _Matcher(_alias_table(known))  # aliases that can be read only once
    cache_key = tuple((key, tuple(aliases)) for key, aliases in known.items())
    matcher = _MATCHERS.get(cache_key)
    if matcher is None:
        if len(_MATCHERS) >= _MAX_MATCHERS:
            _MATCHERS.clear()
        matcher = _MATCHERS[cache_key] = _Matcher(_alias_table(known))
    if type(known) is dict and all(type(aliases) is list for aliases in known.values()):
        _LAST = ([(key, list(aliases)) for key, aliases in known.items()], matcher)
    return matcher


def detect_agency(*fields: str, known: Mapping[str, Iterable[str]]) -> str:
    """The key of the agency whose name or alias appears in ``fields``, else "".

    Fields are tried in order (pass the most authoritative first: provider, credit,
    copyright holder, dateline). Within one field, an exact match wins, then a "(AFP)"
    style marker, then the earliest whole-word mention (the longest alias where several
    start there). Matching ignores case.
    """
    matcher = _matcher(known)
    if matcher.mention is None:
        return ""
    exact = matcher.exact
    for field in fields:
        if not field:
            continue
        text = _norm(field)
        if not text:
            continue
        if text in exact:
            return exact[text]
        for marker in _MARKER.finditer(text):
            inner = marker.group(1).strip()
            if inner in exact:
                return exact[inner]
        found = matcher.first_mention(text)
        if found is not None:
            return found
    return ""
