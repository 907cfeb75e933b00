"""IPTC 7901 wire text (the teleprinter-era "IPTC recommended message format"), as dpa sends it.

A message is framed by control characters::

    SOH eca062 4 i 211 ccccb   dpa 061        <- header: service + number, priority,
                                                 category, word count, ..., agency + sequence
    Germany-politics/                         <- keyword (slug) line(s)
    STX 1ST LEAD                              <- optional designators (lead, REFILE, EXTRA)
    Headline text                             <- headline (one or more lines)
    By Someone, dpa =                         <- optional byline; " =" ends the heading block
    Berlin (dpa) - Text ...                   <- body, paragraphs separated by blank lines
    * * * *  / The following information is not for publication ...   <- desk notes (dropped)
    ETX 131137 GMT Nov 13                     <- day, hour, minute, month, 2-digit year
    EOT

Identity: ``external_id`` is agency, service + message number and the ETX date
("dpa:eca062:2013-11-13"). dpa's keyword lines are topics ("Germany-politics/") shared by many
different stories a day, so they cannot identify one story; a lead ("1ST LEAD", "2ND LEAD")
therefore arrives as a new item whose ``version`` is its lead number (the original is "0"),
and duplicate detection links it to the story it updates.

Bytes that are not UTF-8 are read as cp1252 (then Latin-1), with a warning.
"""

from __future__ import annotations

import re

from .base import ParsedItem, ParseResult, failed
from .textutil import first_sentence, plain
from .wiretext import (
    ETX,
    MONTHS,
    SOH,
    STX,
    blocks_to_html,
    body_dateline,
    decode_wire,
    infer_year,
    ordinal,
    strip_controls,
    utc,
)

NAME = "iptc7901"
name = NAME  # registry protocol: parsers have a "name"

_HEADER = re.compile(
    rb"\x01(?P<service>[A-Za-z]{1,6})(?P<number>\d{1,6}) +(?P<priority>\d) +"
    rb"(?P<category>[A-Za-z]{1,3}) +(?P<words>\d{1,6})\b[^\r\n\x02]*"
)
_HEADER_TEXT = re.compile(
    r"(?P<service>[A-Za-z]{1,6})(?P<number>\d{1,6}) +(?P<priority>\d) +"
    r"(?P<category>[A-Za-z]{1,3}) +(?P<words>\d{1,6})\b(?P<rest>[^\r\n]*)"
)
_AGENCY = re.compile(r"([A-Za-z][\w.-]*) +\d+\s*$")
_TRAILER = re.compile(
    r"(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s*(?:GMT|UTC)?\s+(?P<month>[^\W\d_]{3,4})\.?"
    r"(?:\s+(?P<year>\d{2}|\d{4})\b)?",
)
_DESIGNATOR = re.compile(
    r"^\(?(?:\d+\s*(?:st|nd|rd|th)\s+lead|lead|refile|extra|correction|corrected|urgent|"
    r"eilt|achtung|backgrounder|feature|advisory|interview|analysis|profile|summary|"
    r"new\s+version)\)?$",
    re.IGNORECASE,
)
_NOTES = re.compile(r"^(?:\*\s*){3,}$|^The following information is not", re.IGNORECASE)
_INITIALS = re.compile(r"^[a-z][\w/-]*(?:\s+[a-z]{2,4})+$")


def sniff(head: bytes) -> bool:
    """SOH followed by a 7901 header line (service+number, priority digit, category,
    word count) and an STX later in the head."""
    start = len(head) - len(head.lstrip(b"\r\n"))
    if head[start : start + 1] != b"\x01" or b"\x02" not in head:
        return False
    return _HEADER.match(head, start) is not None


def _heading_block(lines: list[str]) -> tuple[list[str], list[str]]:
    """(heading lines, body lines): the heading ends with the first line ending in "=",
    or, failing that, is the first line."""
    for index, line in enumerate(lines[:12]):
        if line.rstrip().endswith("="):
            return lines[: index + 1], lines[index + 1 :]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [], []
    return lines[: first + 1], lines[first + 1 :]


def _blocks(lines: list[str]) -> list[str]:
    blocks, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def parse(data: bytes) -> ParseResult:
    """Parse one IPTC 7901 message; never raises."""
    text, warning = decode_wire(data)
    warnings = [warning] if warning else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = text.find(SOH)
    header_end = text.find(STX, start + 1)
    if start < 0 or header_end < 0:
        return failed("not IPTC 7901: no SOH header followed by STX", NAME)
    header_lines = strip_controls(text[start + 1 : header_end]).split("\n")
    header = _HEADER_TEXT.match(header_lines[0].strip())
    if header is None:
        return failed("not IPTC 7901: unreadable header line", NAME)
    keyword = " ".join(line.strip().rstrip("/") for line in header_lines[1:] if line.strip())
    end = text.find(ETX, header_end)
    if end < 0:
        warnings.append("no ETX: the text runs to the end of the document")
        end = len(text)
    trailer = strip_controls(text[end + 1 : end + 200])
    lines = strip_controls(text[header_end + 1 : end]).split("\n")

    heading, body_lines = _heading_block(lines)
    heading = [line.strip().rstrip("=").strip() for line in heading if line.strip()]
    designators = [line for line in heading if _DESIGNATOR.match(line)]
    bylines = [line for line in heading if re.match(r"By\s", line)]
    headline = " ".join(line for line in heading if line not in designators + bylines)

    kept: list[str] = []
    for line in body_lines:
        if _NOTES.match(line.strip()):
            break
        kept.append(line)
    blocks = _blocks(kept)
    if blocks and _INITIALS.match(" ".join(blocks[-1].split())):
        blocks.pop()  # the desk's initials ("dpa wsz jln")
    body_html = blocks_to_html(blocks)
    dateline, place = body_dateline(" ".join(blocks[0].split())) if blocks else ("", "")
    if not headline:
        headline = first_sentence(plain(body_html))
        warnings.append("no headline; used the start of the text")

    rest = header.group("rest")
    agency_match = _AGENCY.search(rest)
    agency = agency_match.group(1) if agency_match else ""
    published, stamp = None, ""
    date = _TRAILER.search(trailer)
    if date:
        month = MONTHS.get(date.group("month").lower()[:3]) or MONTHS.get(
            date.group("month").lower()
        )
        if month:
            day = int(date.group("day"))
            year = int(date.group("year") or 0) or infer_year(month, day)
            published = utc(
                year + 2000 if year < 100 else year,
                month,
                day,
                int(date.group("hour")),
                int(date.group("minute")),
            )
            stamp = published.strftime("%Y-%m-%d") if published else ""
    lead = next((ordinal(d) for d in designators if "lead" in d.lower()), None)
    external_id = ":".join(
        part
        for part in (agency or "iptc7901", header.group("service") + header.group("number"), stamp)
        if part
    )
    item = ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body_html,
        version=str(lead or 0),
        byline=bylines[0] if bylines else "",
        dateline=dateline,
        place=place,
        agency=agency,
        published=published,
        updated=published,
        keywords=[keyword] if keyword else [],
        urgency=int(header.group("priority")),
        format=NAME,
        status="usable",
    )
    if designators:
        item.keywords.extend(d for d in designators if d not in item.keywords)
    return ParseResult(format=NAME, items=[item], warnings=warnings)
