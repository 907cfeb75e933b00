"""Pure normalisation helpers for ingested items (no Django).

- :mod:`.dateline`: parse "Washington, Oct 24 (AFP)" style datelines, split them off bodies.
- :mod:`.sanitize`: allowlist HTML sanitising, HTML to plain text, sentence-aware summaries.
- :mod:`.dates`: any date value or string to an aware UTC datetime.
- :mod:`.agency`: which configured agency an item comes from.
"""

from .agency import detect_agency
from .dateline import Dateline, parse_dateline, split_body_dateline
from .dates import to_utc
from .sanitize import html_to_text, sanitize_html, summarize

__all__ = [
    "Dateline",
    "detect_agency",
    "html_to_text",
    "parse_dateline",
    "sanitize_html",
    "split_body_dateline",
    "summarize",
    "to_utc",
]
