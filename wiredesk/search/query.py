"""What a reader typed into the search box, parsed into a query every backend can run safely.

The syntax is the one web search engines taught everyone (and PostgreSQL's
``websearch_to_tsquery`` reads): words are all required, ``"quoted words"`` must appear as a
phrase, ``-word`` or ``-"a phrase"`` must not appear, and ``OR`` between two items accepts
either. Nothing a reader types is passed on as query syntax: every word is reduced to letters
and digits and re-quoted, so quotes, brackets, colons, stars and operators can never make a
backend raise. Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_WORDS = 16

# words as the FTS5 unicode61 tokenizer sees them: letters and digits (no underscore)
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """``groups`` must all match (each group: any one of its phrases); ``excluded`` must not."""

    text: str
    groups: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()
    truncated: bool = False
    problems: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to search for (no required words)."""
        return not self.groups

    @property
    def words(self) -> list[str]:
        """Every required word, in order (for display and highlighting)."""
        return [word for group in self.groups for phrase in group for word in phrase]

    def to_fts5(self) -> str:
        """An SQLite FTS5 MATCH expression: every phrase double-quoted, operators our own."""
        if self.is_empty:
            return ""
        parts = []
        for group in self.groups:
            quoted = [_fts5_phrase(phrase) for phrase in group]
            parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
        expression = " AND ".join(parts)
        for phrase in self.excluded:
            expression = f"({expression}) NOT {_fts5_phrase(phrase)}"
        return expression

    def to_websearch(self) -> str:
        """The same query in ``websearch_to_tsquery`` syntax, rebuilt from the parsed words."""
        parts = [" or ".join(_web_phrase(phrase) for phrase in group) for group in self.groups]
        parts += ["-" + _web_phrase(phrase) for phrase in self.excluded]
        return " ".join(parts)


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def _web_phrase(phrase: Phrase) -> str:
    return phrase[0] if len(phrase) == 1 else '"' + " ".join(phrase) + '"'


def parse_query(text: str | None) -> ParsedQuery:
    """Parse ``text`` the way web search boxes do; never raises."""
    raw = (text or "").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    pending_or = False
    budget = MAX_WORDS
    for match in _TOKEN.finditer(raw):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.upper() == "OR":
                pending_or = bool(groups)
                continue
            negated = "-" if bare.startswith("-") else ""
            quoted = bare[1:] if negated else bare
        words = tuple(_WORD.findall(quoted))
        if not words:
            continue
        if len(words) > budget:
            words, truncated = words[:budget], True
        if not words:
            break
        budget -= len(words)
        if negated:
            excluded.append(words)
            pending_or = False
        elif pending_or:
            groups[-1].append(words)
            pending_or = False
        else:
            groups.append([words])
    problems = []
    if truncated:
        problems.append(f"Only the first {MAX_WORDS} words were searched for.")
    if not groups and excluded:
        problems.append("Add a word to search for: excluded words alone find nothing.")
    elif not groups and raw:
        problems.append("Type letters or numbers to search for.")
    return ParsedQuery(
        text=raw,
        groups=tuple(dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups)),
        excluded=tuple(dict.fromkeys(excluded)),
        truncated=truncated,
        problems=tuple(problems),
    )
