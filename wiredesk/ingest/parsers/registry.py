"""The parser registry, format detection, and :func:`parse_bytes`, the one entry point.

Built-in formats register here exactly as extensions do::

    from wiredesk.ingest.parsers import register

    class NitfParser:
        name = "nitf"
        def sniff(self, head: bytes) -> bool: ...
        def parse(self, data: bytes) -> ParseResult: ...

    register(NitfParser())
"""

from __future__ import annotations

import re

from .base import Parser, ParseResult, failed
from .safexml import refusal
from .sniffing import HEAD_BYTES, first_text, html_kind, looks_like_json, root_element

PARSERS: dict[str, Parser] = {}
"""Registered parsers by name, in the order they are sniffed."""


def register(parser: Parser, *, replace: bool = False) -> Parser:
    """Add a parser (an object or module with ``name``, ``sniff`` and ``parse``).

    Registering a second parser under a taken name is an error unless ``replace`` is true,
    in which case it takes the old one's place in the sniffing order.
    """
    name = getattr(parser, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"{parser!r} needs a non-empty string attribute 'name'")
    for method in ("sniff", "parse"):
        if not callable(getattr(parser, method, None)):
            raise ValueError(f"parser {name!r} must define {method}()")
    if name in PARSERS and PARSERS[name] is not parser and not replace:
        raise ValueError(f"a parser named {name!r} is already registered (pass replace=True)")
    PARSERS[name] = parser
    return parser


def unregister(name: str) -> None:
    """Remove a parser by name (tests and extensions that swap formats use this)."""
    PARSERS.pop(name, None)


def detect_format(data: bytes) -> str:
    """The name of the first registered parser whose sniff accepts ``data``, else ""."""
    head = bytes(data[:HEAD_BYTES])
    for name, parser in PARSERS.items():
        try:
            if parser.sniff(head):
                return name
        except Exception:  # a broken extension sniffer must not break detection
            continue
    return ""


_FEED_MARKER = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)[\s>]")


def describe_unknown(data: bytes) -> str:
    """A one-line reason why no parser accepted ``data``."""
    head = bytes(data[:HEAD_BYTES])
    kind = html_kind(head)
    if kind:
        return f"not a feed: an HTML {kind}"
    root = root_element(head)
    if root is not None:
        if root.local.lower() == "opml":
            return "not a feed: an OPML subscription list"
        return f"unknown XML format: root element <{root.name}>"
    if looks_like_json(head):
        return "unknown JSON format"
    if first_text(head).startswith("<"):
        return "not a feed: markup without a recognisable root element"
    return "not a feed: unrecognised content"


def _finish(result: ParseResult, name: str) -> ParseResult:
    """Fill in format names and drop empty items (kill notices are never empty)."""
    if not result.format and not result.failure:
        result.format = name
    kept = []
    for item in result.items:
        if not item.format:
            item.format = result.format
        if item.headline or item.body_html or item.status == "canceled":
            kept.append(item)
        else:
            result.warnings.append(
                f"item {item.external_id} has neither headline nor body; skipped"
            )
    result.items = kept
    return result


def _run(name: str, data: bytes) -> ParseResult:
    try:
        result = PARSERS[name].parse(data)
    except Exception as error:  # never let a parser bug escape parse_bytes
        reason = " ".join(str(error).split())[:200]
        return failed(f"{name} parser error: {error.__class__.__name__}: {reason}", name)
    if not isinstance(result, ParseResult):
        return failed(f"{name} parser returned {type(result).__name__}, not ParseResult", name)
    return _finish(result, name)


def _parse(data: bytes, hint: str) -> ParseResult:
    reason = refusal(data)
    if reason:
        return failed(reason)
    detected = detect_format(data)
    tried: list[str] = []
    result: ParseResult | None = None
    for name in dict.fromkeys(n for n in (hint, detected) if n in PARSERS):
        tried.append(name)
        result = _run(name, data)
        if not result.failure:
            if len(tried) > 1:
                result.warnings.insert(0, f"not {tried[0]} as hinted; parsed as {name}")
            return result
    if result is not None:
        return result
    if hint and hint not in PARSERS:
        unknown_hint = f"unknown format hint {hint!r}; "
    else:
        unknown_hint = ""
    # Lenient last resort: a feed after junk, or wrapped in an HTML page.
    if "rss" in PARSERS and _FEED_MARKER.search(bytes(data[:HEAD_BYTES])):
        rescued = _run("rss", data)
        if not rescued.failure and rescued.items:
            where = "inside an HTML page" if html_kind(data) else "after content that is not XML"
            rescued.warnings.insert(0, f"feed found {where}")
            return rescued
    result = failed(describe_unknown(data))
    if unknown_hint:
        result.failure = unknown_hint + result.failure
    return result


def parse_bytes(data: bytes, hint: str = "") -> ParseResult:
    """Parse one fetched document into items; never raises.

    ``hint`` names a registered format to try first (e.g. the source's configured format);
    detection by content is the fallback. Oversize, empty and entity-declaring documents
    are refused with a failure reason before any parser runs.
    """
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        elif not isinstance(data, bytes):
            data = bytes(data)
        return _parse(data, hint or "")
    except Exception as error:  # belt and braces: the contract is "never raises"
        return failed(f"could not parse: {error.__class__.__name__}: {error}"[:300])
