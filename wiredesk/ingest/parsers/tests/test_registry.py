"""Extensions register formats exactly as the built-ins do; parse_bytes never raises."""

import pytest

from wiredesk.ingest.parsers import (
    PARSERS,
    ParsedItem,
    ParseResult,
    detect_format,
    parse_bytes,
    register,
    unregister,
)


class ZczcParser:
    """A toy teleprinter format: "ZCZC <id> <headline>"."""

    name = "zczc-test"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"ZCZC ")

    def parse(self, data: bytes) -> ParseResult:
        _, ident, headline = data.decode().split(" ", 2)
        return ParseResult(format="", items=[ParsedItem(ident, headline.strip())], warnings=[])


class ExplodingParser:
    name = "exploding-test"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"BOOM")

    def parse(self, data: bytes) -> ParseResult:
        raise RuntimeError("kaboom")


@pytest.fixture
def extra_parsers():
    register(ZczcParser())
    register(ExplodingParser())
    yield
    unregister("zczc-test")
    unregister("exploding-test")


def test_builtins_are_registered_in_sniffing_order():
    assert list(PARSERS)[:6] == ["rss", "atom", "rdf", "newsml-g2", "jsonfeed", "ninjs"]
    for parser in PARSERS.values():
        assert callable(parser.sniff) and callable(parser.parse) and parser.name


def test_a_registered_format_is_detected_and_parsed(extra_parsers):
    data = b"ZCZC abc123 Wire is up\n"
    assert detect_format(data) == "zczc-test"
    result = parse_bytes(data)
    assert (result.format, result.failure) == ("zczc-test", "")
    assert result.items[0].external_id == "abc123"
    assert result.items[0].format == "zczc-test", "the registry fills in the format name"


def test_a_parser_that_raises_becomes_a_failure(extra_parsers):
    result = parse_bytes(b"BOOM")
    assert result.items == []
    assert result.failure == "exploding-test parser error: RuntimeError: kaboom"


def test_registering_a_taken_name_needs_replace():
    with pytest.raises(ValueError, match="already registered"):
        register(
            type("Dup", (), {"name": "rss", "sniff": ZczcParser.sniff, "parse": ZczcParser.parse})()
        )


@pytest.mark.parametrize(
    "parser",
    [object(), type("NoName", (), {"name": "", "sniff": len, "parse": len})()],
)
def test_registering_an_incomplete_parser_says_what_to_define(parser):
    with pytest.raises(ValueError, match="name|sniff|parse"):
        register(parser)


def test_a_broken_sniffer_does_not_break_detection():
    class BadSniffer:
        name = "bad-sniffer-test"

        def sniff(self, head: bytes) -> bool:
            raise ValueError("oops")

        def parse(self, data: bytes) -> ParseResult:
            raise AssertionError("never called")

    register(BadSniffer())
    try:
        assert detect_format(b'<rss version="2.0"><channel/></rss>') == "rss"
    finally:
        unregister("bad-sniffer-test")


def test_an_unknown_hint_is_reported_with_the_failure():
    result = parse_bytes(b"nothing recognisable", hint="no-such-format")
    assert result.failure.startswith("unknown format hint 'no-such-format'")
