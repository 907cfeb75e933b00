"""Parse wire datelines: where and when a story was filed, and by which agency.

Handles the common agency styles::

    Washington, Oct 24 (AFP)            PARIS (AFP) -
    Cape Canaveral, Fla., Nov. 24 (UPI) --
    Moscow (RIA Novosti)                BEIJING, Nov 3 (Reuters) -
    (ANSA) - Rome, October 11 -         GROSSETO, Italy (AP) --

:func:`parse_dateline` reads a dateline field; :func:`split_body_dateline` finds one at the
start of a body's first paragraph and returns the text after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline. Any part may be "" when the dateline does not give it."""

    place: str
    date_text: str = ""
    agency: str = ""


_MONTHS = (
    # English
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    # French, German, Spanish, Italian
    r"|janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t"
    r"|d[ée]c(?:embre)?|januar|februar|m[äa]rz|juni|juli|okt(?:ober)?|dez(?:ember)?"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    r"|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|novembre"
    r"|dicembre"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?\.?"
_DATE_SEGMENT = re.compile(
    rf"""^(?:
        (?:(?:{_WEEKDAYS})\.?,?\s+)?(?:{_MONTHS})\.?\s+{_DAY}(?:\s+\d{{4}})?
      | (?:(?:{_WEEKDAYS})\.?,?\s+)?{_DAY}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?
      | (?:{_WEEKDAYS})\.?
      | \d{{1,4}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?
      | \d{{4}}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_DATE = re.compile(
    rf"\s+((?:{_MONTHS})\.?\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?)$",
    re.IGNORECASE,
)
_SEPARATORS = " \t,:;-–—"
_AGENCY_END = re.compile(r"\(([^()]{1,40})\)$")
_AGENCY_START = re.compile(r"^\(([^()]{1,40})\)[\s\-–—:]*")
_MAX_PLACE_WORDS = 8


def _clean(text: str) -> str:
    return " ".join(text.split())


_PLACE_CONNECTORS = frozenset(
    "de del della di da do dos das la le les el los las sur sous am an im der den of on upon "
    "en y e et und bei near".split()
)


def _plausible_agency(agency: str) -> bool:
    """ "AFP", "RIA Novosti", "Agence France-Presse", "dpa" -- not "(who is 45)"."""
    words = agency.split()
    if not words or len(words) > 5 or not re.search(r"[^\W\d_]", agency):
        return False
    if len(words) == 1 and agency.isalpha() and len(agency) <= 5:
        return True  # short names, including lower-case ones such as "dpa"
    return all(word[0].isupper() or not word[0].isalpha() for word in words)


def _plausible_place(place: str) -> bool:
    """Every word of a place name is capitalised, apart from connectors ("Rio de Janeiro")."""
    for word in re.split(r"[\s,]+", place):
        if word and not (word[0].isupper() or word.lower() in _PLACE_CONNECTORS):
            return False
    return True


def _split_place_date(text: str) -> tuple[str, str] | None:
    """Split "Cape Canaveral, Fla., Nov. 24" into place and date; None if implausible."""
    text = text.strip(_SEPARATORS)
    if not text:
        return "", ""
    segments = [segment.strip() for segment in text.split(",")]
    place_parts, date_parts = segments, []
    for index, segment in enumerate(segments):
        if _DATE_SEGMENT.match(segment):
            place_parts, date_parts = segments[:index], segments[index:]
            break
    else:
        trailing = _TRAILING_DATE.search(segments[-1])
        if trailing and trailing.start() > 0:
            place_parts = segments[:-1] + [segments[-1][: trailing.start()]]
            date_parts = [trailing.group(1)]
    place = ", ".join(part for part in place_parts if part)
    if place and (
        len(place.split()) > _MAX_PLACE_WORDS
        or len(place) > 80
        or not place[0].isalpha()
        or re.search(r"[\"“”!?;]|\.\s+[a-z]", place)
    ):
        return None
    return place, ", ".join(part for part in date_parts if part)


def parse_dateline(text: str) -> Dateline | None:
    """Parse a dateline such as "Washington, Oct 24 (AFP)"; None if it does not look like one.

    A dateline without an agency ("WASHINGTON", "Berlin, 3 March") is still a dateline.
    """
    text = _clean(text or "").strip(_SEPARATORS)
    if not text or len(text) > 150:
        return None
    agency = ""
    match = _AGENCY_END.search(text)
    if match and _plausible_agency(match.group(1)):
        agency = _clean(match.group(1))
        text = text[: match.start()].strip(_SEPARATORS)
    else:
        match = _AGENCY_START.match(text)
        if match and _plausible_agency(match.group(1)):
            agency = _clean(match.group(1))
            text = text[match.end() :].strip(_SEPARATORS)
    if "(" in text or ")" in text:
        return None
    parts = _split_place_date(text)
    if parts is None:
        return None
    place, date_text = parts
    if not (place or date_text or agency):
        return None
    return Dateline(place=place, date_text=date_text, agency=agency)


_DASH = r"(?:--|-|–|—|:|_)"  # AP wire copy uses "_" for a dash
# "Place[, date] (AGENCY) - text"
_BODY_WITH_AGENCY = re.compile(
    rf"^\s*(?P<head>[^()\n]{{1,100}}?)\s*\((?P<agency>[^()\n]{{1,40}})\)\s*{_DASH}\s*(?P<rest>\S)"
)
# "(AGENCY) - Place, date - text" (ANSA)
_BODY_AGENCY_FIRST = re.compile(
    rf"^\s*\((?P<agency>[^()\n]{{1,40}})\)\s*{_DASH}\s*(?P<head>[^()\n]{{1,80}}?)\s+(?:--|-|–|—)\s+(?P<rest>\S)"
)
# "PLACE, Country — text" (no agency: only trusted when the place is in capitals)
_BODY_CAPS_PLACE = re.compile(
    r"^\s*(?P<head>[A-ZÀ-Þ][A-ZÀ-Þ .'’]{1,40}[A-ZÀ-Þ.](?:,\s*[\w .'’]{1,30}){0,2})"
    r"\s+(?:--|-|–|—)\s+(?P<rest>\S)"
)


def split_body_dateline(first_paragraph_text: str) -> tuple[Dateline | None, str]:
    """Find a leading dateline such as "PARIS (AFP) - " in a body's first paragraph.

    Returns the dateline and the paragraph text after it, or ``(None, text)`` unchanged
    when the paragraph does not start with one.
    """
    text = first_paragraph_text or ""
    for pattern in (_BODY_WITH_AGENCY, _BODY_AGENCY_FIRST, _BODY_CAPS_PLACE):
        match = pattern.match(text)
        if not match:
            continue
        agency = _clean(match.groupdict().get("agency") or "")
        if agency and not _plausible_agency(agency):
            continue
        parts = _split_place_date(_clean(match.group("head")))
        if parts is None:
            continue
        place, date_text = parts
        if place and not _plausible_place(place) or not place and not (date_text and agency):
            continue
        rest = text[match.start("rest") :].strip()
        if not rest:
            continue
        return Dateline(place=place, date_text=date_text, agency=agency), rest
    return None, text
