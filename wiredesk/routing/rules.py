"""The rule matcher: ordered rules with conditions and actions (pure Python, no Django).

Each rule's ``match`` holds conditions that must all hold (keywords: at least one of them):

    keywords  list of words or phrases, matched case-insensitively as whole words (plurals in
              -s/-es too) in the headline and body; the number of distinct keywords matched
              is the rule's score
    regex     a regular expression searched in the headline and body
    agency    the story's agency key (AFP), or a list of them
    source    the source name, or a list
    subject   a subject code or prefix (medtop:11), or a list: any may match
    language  the language tag (en), or a list
    place     the dateline place (Washington), or a list, case-insensitive

and its ``action`` says what to do: ``site``/``section`` to place the story, ``primary``
(default true), ``hold`` for the desk, ``reject``, ``priority``. A rule with ``stop`` ends the
evaluation when it matches. The highest-scoring primary placement names the primary site.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

_WORD = re.compile(r"\w+")


_LAST_WORDS: tuple[str, str, frozenset[str]] = ("", "", frozenset())


def text_words(headline: str, body_text: str, found: list[str] | None = None) -> frozenset[str]:
    """Every run of word characters in the lowered headline and body: what keyword rules
    look for first (ingest's worker processes compute it beside the rest of an item).

    ``found``, when given, must be those runs, already found by the caller (ingest finds
    the same words for an item's MinHash). The last result is kept for the very same two
    strings, so asking again for an item's words right after costs nothing (the strings
    are held, so their identity cannot pass to others)."""
    global _LAST_WORDS
    last_headline, last_body, words = _LAST_WORDS
    if headline is last_headline and body_text is last_body:
        return words
    if found is None:
        found = _WORD.findall(f"{headline}\n{body_text}".lower())
    words = frozenset(found)
    _LAST_WORDS = (headline, body_text, words)
    return words


@dataclass(frozen=True)
class StoryFacts:
    """What rules can see of a story. ``known_words``, when given, must be
    :func:`text_words` of the headline and body (it saves computing them again)."""

    headline: str
    body_text: str = ""
    agency: str = ""
    source: str = ""
    subjects: tuple[str, ...] = ()
    language: str = ""
    place: str = ""
    known_words: frozenset[str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def text(self) -> str:
        """Headline and body, which keyword and regex conditions search."""
        return f"{self.headline}\n{self.body_text}"

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        """Every run of word characters in the lowered text."""
        if self.known_words is not None:
            return self.known_words
        return frozenset(_WORD.findall(self.lowered))


@dataclass(frozen=True)
class RuleHit:
    rule: str
    site: str
    section: str
    primary: bool
    hold: bool
    reject: bool
    priority: int
    score: int
    reasons: tuple[str, ...]


@dataclass
class Decision:
    """The outcome of every rule for one story: one hit per site, best first."""

    placements: list[RuleHit] = field(default_factory=list)
    primary_site: str = ""
    hold: bool = False
    reject: bool = False
    reasons: list[str] = field(default_factory=list)


def _as_tuple(value) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


class CompiledRule:
    def __init__(self, name: str, match: dict, action: dict, stop: bool = False):
        self.name = name
        self.action = action
        self.stop = stop
        self.keywords = tuple(k.lower().strip() for k in match.get("keywords", ()) if k.strip())
        self._keyword_res: dict[tuple[str, ...], re.Pattern] = {}
        # a one-word keyword can only match where the text has it (or its plural) as a word
        self._keywords_of_form: dict[str, set[str]] = {}
        for k in self.keywords:
            if _WORD.fullmatch(k):
                for form in (k, f"{k}s", f"{k}es"):
                    self._keywords_of_form.setdefault(form, set()).add(k)
        # a phrase can only match where the text has its words (the last one maybe plural)
        self._phrases = tuple(
            (k, frozenset(words[:-1]), (words[-1], f"{words[-1]}s", f"{words[-1]}es"))
            for k in self.keywords
            if not _WORD.fullmatch(k)
            for words in [_WORD.findall(k) or [k]]
        )
        self._regex = re.compile(match["regex"], re.IGNORECASE) if match.get("regex") else None
        self.agencies = {a.upper() for a in _as_tuple(match.get("agency"))}
        self.sources = set(_as_tuple(match.get("source")))
        self.subjects = _as_tuple(match.get("subject"))
        self.languages = {lang.lower() for lang in _as_tuple(match.get("language"))}
        self.places = {p.lower() for p in _as_tuple(match.get("place"))}

    def _keyword_re(self, keywords: tuple[str, ...]) -> re.Pattern:
        """One pattern for ``keywords`` as whole words (plurals too), longest first."""
        pattern = self._keyword_res.get(keywords)
        if pattern is None:
            alternatives = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
            pattern = re.compile(rf"(?<!\w)({alternatives})(?:s|es)?(?!\w)", re.IGNORECASE)
            if len(self._keyword_res) < 256:
                self._keyword_res[keywords] = pattern
        return pattern

    def _matched_keywords(self, facts: StoryFacts) -> list[str]:
        """The distinct keywords found in the story. Only keywords that occur in the text (a
        one-word keyword as a word, others as a substring) can match, so the pattern is built
        from those alone: the same result as searching for every keyword, far cheaper."""
        forms = self._keywords_of_form
        found = set().union(*(forms[form] for form in facts.words.intersection(forms)))
        words = facts.words
        found.update(
            k
            for k, inner, last in self._phrases
            if inner <= words and not words.isdisjoint(last) and k in facts.lowered
        )
        present = tuple(sorted(found))
        if not present:
            return []
        return sorted({m.lower() for m in self._keyword_re(present).findall(facts.text)})

    def evaluate(self, facts: StoryFacts) -> RuleHit | None:
        reasons: list[str] = []
        score = 1
        if self.agencies:
            if facts.agency.upper() not in self.agencies:
                return None
            reasons.append(f"agency is {facts.agency}")
        if self.sources:
            if facts.source not in self.sources:
                return None
            reasons.append(f"source is {facts.source}")
        if self.languages:
            if facts.language.lower().split("-")[0] not in self.languages:
                return None
            reasons.append(f"language is {facts.language}")
        if self.places:
            if facts.place.lower() not in self.places:
                return None
            reasons.append(f"dateline place is {facts.place}")
        if self.subjects:
            matched = [s for s in facts.subjects if any(s.startswith(p) for p in self.subjects)]
            if not matched:
                return None
            reasons.append("subject " + ", ".join(matched))
        if self._regex is not None:
            found = self._regex.search(facts.text)
            if not found:
                return None
            reasons.append(f"regex matched {found.group(0)!r}")
        if self.keywords:
            matched = self._matched_keywords(facts)
            if not matched:
                return None
            score = len(matched)
            reasons.append("keywords: " + ", ".join(matched))
        action = self.action
        return RuleHit(
            rule=self.name,
            site=action.get("site", ""),
            section=action.get("section", ""),
            primary=bool(action.get("primary", True)),
            hold=bool(action.get("hold", False)),
            reject=bool(action.get("reject", False)),
            priority=int(action.get("priority", 0)),
            score=score,
            reasons=tuple(reasons),
        )


def evaluate(rules: list[CompiledRule], facts: StoryFacts) -> Decision:
    """Run ``rules`` in order against ``facts`` and combine their hits into a decision."""
    decision = Decision()
    best_by_site: dict[str, RuleHit] = {}
    order: dict[str, int] = {}
    for position, rule in enumerate(rules):
        hit = rule.evaluate(facts)
        if hit is None:
            continue
        decision.reasons.append(f"{hit.rule}: " + "; ".join(hit.reasons))
        decision.hold |= hit.hold
        decision.reject |= hit.reject
        if hit.site:
            current = best_by_site.get(hit.site)
            if current is None or hit.score > current.score:
                best_by_site[hit.site] = hit
                order.setdefault(hit.site, position)
        if rule.stop:
            break
    ranked = sorted(best_by_site.values(), key=lambda h: (-h.score, order[h.site]))
    decision.placements = ranked
    primaries = [h for h in ranked if h.primary]
    decision.primary_site = primaries[0].site if primaries else (ranked[0].site if ranked else "")
    return decision
