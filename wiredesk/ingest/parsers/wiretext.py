"""Helpers shared by the control-character framed wire formats (IPTC 7901, ANPA-1312).

Both formats are teleprinter-era text: SOH opens a header, STX the text, ETX closes it,
and agencies send them in whatever 8-bit charset their system used. Nothing here raises.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from ..normalize.dateline import split_body_dateline

SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ORDINAL = re.compile(r"(\d+)\s*(?:st|nd|rd|th)\b", re.IGNORECASE)
_WORD_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "jän", "jaen"),
            ("feb",),
            ("mar", "mär", "maer", "mrz"),
            ("apr",),
            ("may", "mai"),
            ("jun",),
            ("jul",),
            ("aug",),
            ("sep", "sept"),
            ("oct", "okt"),
            ("nov",),
            ("dec", "dez"),
        ),
        start=1,
    )
    for name in names
}


def decode_wire(data: bytes) -> tuple[str, str]:
    """(text, warning): UTF-8 if the bytes are UTF-8, else cp1252, else Latin-1.

    The warning is "" for UTF-8 and says which fallback was used otherwise.
    """
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    try:
        return data.decode("cp1252"), f"not UTF-8 ({where}); decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not UTF-8 ({where}); decoded as Latin-1"


def strip_controls(text: str) -> str:
    """``text`` without control characters (tabs and line ends kept)."""
    return _CONTROL.sub("", text)


def ordinal(text: str) -> int | None:
    """The number in "1st", "2nd", "3rd", "10th" or "first".."tenth" (None if absent)."""
    match = _ORDINAL.search(text)
    if match:
        return int(match.group(1))
    for word, number in _WORD_ORDINALS.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            return number
    return None


def infer_year(month: int, day: int, now: datetime | None = None) -> int:
    """The year of a month/day stamp without one: the latest not more than a day ahead."""
    now = now or datetime.now(UTC)
    for year in (now.year + 1, now.year, now.year - 1):
        try:
            candidate = datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            continue
        if (candidate - now).days < 1:
            return year
    return now.year


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    """An aware UTC datetime, or None for impossible values."""
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def inline_html(text: str) -> str:
    """Escaped text with Markdown-style ``[label](https://...)`` links made into anchors."""
    out, position = [], 0
    for match in _MD_LINK.finditer(text):
        out.append(html.escape(text[position : match.start()], quote=False))
        label, url = html.escape(match.group(1), quote=False), html.escape(match.group(2))
        out.append(f'<a href="{url}">{label}</a>')
        position = match.end()
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def blocks_to_html(blocks: list[str]) -> str:
    """HTML for text blocks (paragraphs whose lines are hard wraps).

    Lines starting with "#" become headings and runs of "- " lines become lists (dpa's
    notebook section is written that way); other runs of lines are joined into a ``<p>``.
    """
    out: list[str] = []
    for block in blocks:
        lines = [" ".join(line.split()) for line in block.split("\n")]
        run: list[str] = []
        kind = ""
        for line in [line for line in lines if line] + [""]:
            heading = re.match(r"(#{1,4})\s+(.*)", line)
            item = line.startswith(("- ", "* ")) and len(line) > 2
            new_kind = "h" if heading else "li" if item else "p" if line else ""
            if run and (new_kind != kind or kind == "h"):
                if kind == "li":
                    out.append("<ul>" + "".join(f"<li>{inline_html(x[2:])}</li>" for x in run))
                    out[-1] += "</ul>"
                elif kind == "h":
                    marks, title = re.match(r"(#{1,4})\s+(.*)", run[0]).groups()
                    level = min(len(marks) + 1, 6)
                    out.append(f"<h{level}>{inline_html(title)}</h{level}>")
                else:
                    out.append(f"<p>{inline_html(' '.join(run))}</p>")
                run = []
            kind = new_kind
            if line:
                run.append(line)
    return "\n".join(out)


def body_dateline(first_paragraph: str) -> tuple[str, str]:
    """(dateline, place) from the start of a wire body ("Berlin (dpa) - ..."), or ("", "")."""
    try:
        dateline, rest = split_body_dateline(first_paragraph)
    except Exception:  # a helper bug must not break parsing
        return "", ""
    if dateline is None:
        return "", ""
    head = first_paragraph[: len(first_paragraph) - len(rest)] if rest else first_paragraph
    return head.strip().rstrip("-_\u2013\u2014:").strip(), dateline.place
