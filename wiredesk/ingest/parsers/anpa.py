"""ANPA-1312 wire text (the US newspaper wire format: AP, and AAP's feed before NITF).

A message is framed by control characters::

    SYN SYN SOH W2870 US asian                   <- service level, sequence number, selectors
    r a DC3 DC1 BC-US--Ethanol-LosingGra 1stLd-Writethru   11-13 1693
      ^ priority, category, format (DC4/DC2: tabular), keyword (cut at 24 characters),
        version, month-day, word count
    STX ^BC-US--Ethanol-Losing Grassland, 1st Ld-Writethru,1140<   <- full keyword line
    ^Headline<                                   <- "^...<" header lines: headline, "AP Photo",
    ^Eds: ...<                                      "Eds:" notes, summary
    ^By NAME=                                    <- byline ("=" ends a centred line)
    TAB   BUENOS AIRES, Argentina (AP) _ Text ...   <- body paragraphs, one per line
    BS ...;...;...                               <- table rows (tabular copy)
    ETX AP-WF-11-13-13 1509GMT<                  <- transmission date and time (UTC)
    EOT

Identity rule (write-thrus become revisions of one story)
---------------------------------------------------------
AP re-sends a developing story under the same keyword slug with a version designator
after it: "1st Ld-Writethru", "2nd Ld", "Writethru", "Correction". So:

- ``external_id`` is ``anpa:`` + the keyword slug without its cycle prefix (``AM-``, ``PM-``,
  ``BC-``) and without any designator, lower-cased with spaces and punctuation removed, +
  ``:`` + the story date (the header's month-day, with the year from the ETX trailer)::

      "BC-US--Giant Lobster Death, 1st Ld-Writethru"  ->  "anpa:usgiantlobsterdeath:2016-08-29"

  so the original and every write-thru of one story share it (the header keyword is cut
  at 24 characters, so the full keyword line after STX is used when present).
- ``version`` counts updates: no designator is "0"; "Nth Ld" (with or without "-Writethru")
  is "N"; a "Writethru" or "Nth Writethru" without a lead is "N" (a bare one is "1"); a
  "Correction" adds one half to what it corrects ("1st Ld-Writethru, Correction" is "1.5").
  Versions compare as numbers, so ingest stores newer ones as revisions and ignores older ones.
- Takes of a long story ("1st Add", "2nd Add", "Take 2") continue the text rather than
  replace it, so each take is its own item: ``external_id`` gets ``:add-N``.
- An "-ABRIDGED" (or other suffixed) slug names a different version of the copy and keeps
  its own identity.
"""

from __future__ import annotations

import html
import re

from .base import ParsedItem, ParseResult, failed
from .textutil import clean, fallback_id, first_sentence, plain
from .wiretext import (
    ETX,
    STX,
    blocks_to_html,
    body_dateline,
    decode_wire,
    infer_year,
    ordinal,
    strip_controls,
    utc,
)

NAME = "anpa1312"
name = NAME  # registry protocol: parsers have a "name"

_SOH_LINE = re.compile(rb"(?:\x16{1,4})?\x01(?P<service>[A-Za-z])(?P<number>\d{4})\x1f")
_HEADER = re.compile(
    r"(?P<priority>[A-Za-z]) (?P<category>[A-Za-z])(?P<format>[\x11-\x14]{1,2}) +"
    r"(?P<keyword>\S+)(?P<version>.*?) +(?P<month>\d{2})-(?P<day>\d{2})(?: +(?P<words>\d+))?\s*$"
)
_TRAILER = re.compile(
    r"(?:[A-Z]{1,4}-)*(?P<month>\d{2})-(?P<day>\d{2})-(?P<year>\d{2}) +"
    r"(?P<hour>\d{2})(?P<minute>\d{2}) ?(?:GMT|UTC|Z)?"
)
_CYCLE = re.compile(r"^(?:AM|PM|BC)-", re.IGNORECASE)
_DESIGNATOR_WORDS = re.compile(
    r"\b(?:\d+\s*(?:st|nd|rd|th)\s*)?(?:ld|lead|writethru|write-thru|correction|corrects|"
    r"sub|add|take|urgent|bulletin|advisory|kill|withdrawal|elimination|adv\d*|"
    r"takes?\s*\d+|part\s*\d+|\d+\s*(?:st|nd|rd|th)\s+add)\b",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\(?(?:AP Photos?|Eds?:|EDITOR'?S NOTE|With AP Photo|\*)", re.IGNORECASE)
_PRIORITIES = {"f": 1, "b": 1, "u": 2, "r": 3, "d": 4, "s": 5, "a": 5}


def sniff(head: bytes) -> bool:
    """SYN SYN SOH (or a bare SOH) with an ANPA service/sequence header, and an STX."""
    start = len(head) - len(head.lstrip(b"\r\n"))
    return b"\x02" in head and _SOH_LINE.match(head, start) is not None


def designator_version(designators: str) -> str:
    """The version a keyword's designators ("1st Ld-Writethru", "Correction") stand for."""
    text = designators.lower()
    lead = re.search(r"(\d+)\s*(?:st|nd|rd|th)\s*(?:ld|lead)\b|\b(ld|lead)\b", text)
    writethru = re.search(r"(?:(\d+)\s*(?:st|nd|rd|th)\s*)?write-?thru", text)
    number = 0
    if lead:
        number = int(lead.group(1)) if lead.group(1) else 1
    elif writethru:
        number = int(writethru.group(1)) if writethru.group(1) else 1
    if re.search(r"\bcorrect(?:ion|s|ed)?\b", text):
        return f"{number}.5"
    return str(number)


def _take(designators: str) -> int | None:
    text = designators.lower()
    match = re.search(r"(?:(\d+)\s*(?:st|nd|rd|th)\s+add|\badd\s*(\d+)|take\s*(\d+))", text)
    if match:
        return int(next(g for g in match.groups() if g))
    if re.search(r"\badd\b", text):
        return ordinal(text) or 1
    return None


def split_keyword(keyword: str) -> tuple[str, str]:
    """(slug, designators) from a keyword line such as
    "BC-US--Giant Lobster Death, 1st Ld-Writethru,127" (a trailing word count is dropped)."""
    keyword = re.sub(r",\s*\d+\s*$", "", clean(keyword).rstrip("<=").strip())
    parts = [p.strip() for p in keyword.split(",")]
    slug = parts[0]
    designators = [p for p in parts[1:] if p]
    # Header-line form: "BC-US--GiantLobsterDeath 1stLd-Writethru".
    words = slug.split(" ")
    while len(words) > 1 and _DESIGNATOR_WORDS.fullmatch(words[-1].replace("-", " ").strip()):
        designators.insert(0, words.pop())
    if len(words) > 1 and re.fullmatch(r"\d+(?:st|nd|rd|th)?Ld-\S+|\S*Writethru", words[-1]):
        designators.insert(0, words.pop())
    return " ".join(words), ", ".join(designators)


def slug_key(slug: str) -> str:
    """The slug reduced to what survives the 24-character header and respacing."""
    return re.sub(r"[^0-9a-z]", "", _CYCLE.sub("", slug).lower())


def _table(rows: list[str]) -> str:
    out = []
    for row in rows:
        row = row.replace("\x10", " ").lstrip("\x08^")
        if ";" in row:
            cells = row.split(";")
        else:
            cells = re.split(r"\s*[\x1e\x1f][\x1e\x1f\s]*", row)
        cells = [html.escape(clean(strip_controls(c)), quote=False) for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "<table>" + "".join(out) + "</table>" if out else ""


def _typography(text: str) -> str:
    """ANPA's 7-bit conventions: `` '' quotes and " _ " dashes."""
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    return re.sub(r"(?<=\s)_(?=\s)", "\u2014", text)


def _line_text(line: str) -> str:
    return _typography(clean(strip_controls(line.replace("\x10", " ")).lstrip("^")))


def parse(data: bytes) -> ParseResult:
    """Parse one ANPA-1312 message; never raises."""
    match = _SOH_LINE.search(data[:64])
    if match is None:
        return failed("not ANPA-1312: no SOH service/sequence header", NAME)
    text, warning = decode_wire(data)
    warnings = [warning] if warning else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stx = text.find(STX)
    if stx < 0:
        return failed("not ANPA-1312: no STX", NAME)
    head_lines = [strip_controls(line) for line in text[:stx].split("\n")]
    selector = head_lines[0].partition("\x1f")[2] if "\x1f" in text[:stx] else ""
    header = None
    raw_header = text[:stx].split("\n")[1] if "\n" in text[:stx] else ""
    header = _HEADER.match(raw_header.strip("\r\n "))
    etx = text.find(ETX, stx)
    if etx < 0:
        warnings.append("no ETX: the text runs to the end of the document")
        etx = len(text)
    trailer = _TRAILER.search(strip_controls(text[etx + 1 : etx + 120]))
    lines = text[stx + 1 : etx].split("\n")

    keyword_line = ""
    headline = ""
    summary: list[str] = []
    loose: list[str] = []
    bylines: list[str] = []
    blocks: list[str] = []
    table: list[str] = []
    in_body = False
    after_byline = False

    def flush_table():
        if table:
            blocks.append("\x00" + _table(table))
            table.clear()

    for raw in lines:
        stripped = raw.strip(" \r")
        if not stripped.strip():
            continue
        if stripped.startswith("\x08") or stripped.count(";") >= 3:
            table.append(stripped)
            in_body = True
            continue
        flush_table()
        if raw.startswith("\t") or in_body:
            in_body = True
            line = _line_text(stripped.rstrip("<=").rstrip())
            if line:
                blocks.append(line)
            continue
        # A "^" header line; several can share one physical line ("^*9006< ^Keyword<").
        for part in [p for p in stripped.split("^") if p.strip()]:
            part = part.strip()
            terminator = part[-1] if part[-1] in "<=>" else ""
            value = _line_text(part.rstrip("<=>").strip())
            if not value or value.startswith("*") and value[1:].isdigit():
                continue
            if not keyword_line and re.match(r"^(?:[A-Z]{2}-)?\S+--|^[A-Z]{2}-\S", value):
                keyword_line = value
                continue
            if _NOTE.match(value):
                after_byline = False
                continue
            if terminator == "=" and re.match(r"By\s", value):
                bylines.append(value)
                after_byline = True
                continue
            if after_byline and terminator == "=" and not bylines[-1].endswith("Press"):
                after_byline = False  # the byline's title ("AP Sports Writer")
                continue
            after_byline = False
            if not headline and terminator in "<=":
                headline = value
            elif terminator == "=":
                blocks.append(value)  # table captions and section titles
            elif terminator == "<":
                summary.append(value)
            else:
                loose.append(value)
    flush_table()
    if any(not b.startswith("\x00") for b in blocks):
        summary.extend(loose)
    else:
        blocks = loose + blocks
    body_html = "\n".join(
        b[1:] if b.startswith("\x00") else blocks_to_html([b]) for b in blocks if b
    )
    first_text = next((b for b in blocks if not b.startswith("\x00")), "")
    dateline, place = body_dateline(first_text) if first_text else ("", "")

    header_keyword = header.group("keyword") if header else ""
    header_designators = clean(header.group("version")) if header else ""
    slug, designators = split_keyword(keyword_line) if keyword_line else ("", "")
    if not slug:
        slug, designators = header_keyword, header_designators
    designators = designators or header_designators

    published = None
    if trailer:
        published = utc(
            2000 + int(trailer.group("year")),
            int(trailer.group("month")),
            int(trailer.group("day")),
            int(trailer.group("hour")),
            int(trailer.group("minute")),
        )
    story_date = ""
    if header:
        month, day = int(header.group("month")), int(header.group("day"))
        year = published.year if published else infer_year(month, day)
        if published and month == 12 and published.month == 1:
            year -= 1  # a December story sent on into January
        dated = utc(year, month, day)
        story_date = dated.strftime("%Y-%m-%d") if dated else ""
    elif published:
        story_date = published.strftime("%Y-%m-%d")
    if not headline:
        headline = first_sentence(plain(body_html)) or slug
        warnings.append("no headline; used the start of the text")
    key = slug_key(slug)
    if key:
        external_id = f"anpa:{key}:{story_date}" if story_date else f"anpa:{key}"
    else:
        external_id = fallback_id(headline, story_date)
    take = _take(designators)
    if take:
        external_id += f":add-{take}"
    keywords = [k for k in (slug, designators) if k]
    if selector.strip("-"):
        keywords.append(selector.strip())
    item = ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body_html,
        summary=" ".join(summary),
        version=designator_version(designators),
        byline=bylines[0] if bylines else "",
        dateline=dateline,
        place=place,
        agency="AP" if "(AP)" in dateline or (trailer and "AP-" in text[etx : etx + 20]) else "",
        published=published,
        updated=published,
        keywords=keywords,
        urgency=_PRIORITIES.get(header.group("priority").lower()) if header else None,
        subjects=[f"anpa-category:{header.group('category').lower()}"] if header else [],
        format=NAME,
        status="usable",
    )
    return ParseResult(format=NAME, items=[item], warnings=warnings)
