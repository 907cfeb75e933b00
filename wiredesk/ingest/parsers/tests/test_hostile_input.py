"""Feeds and wire files are hostile: entities, bombs, oversize, empty, HTML, bad bytes.

Every case goes through ``parse_bytes`` (the one entry point) and must come back as a
failure reason or a parse with warnings -- never an exception, never a leaked file.
"""

import os

import pytest

from wiredesk.ingest.parsers import MAX_DOCUMENT_BYTES, parse_bytes, safexml

SECRET = "TOP-SECRET-6f1b2c"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _all_text(result) -> str:
    return repr(result)


def _xxe_documents(secret_path):
    uri = secret_path.as_uri()
    return {
        "rss": f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{uri}">]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>""",
        "atom": f"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "{uri}">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>urn:1</id><title>&xxe;</title><content>&xxe;</content></entry></feed>""",
        "newsml-g2": f"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "{uri}">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:1" version="1">
<itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentMeta><headline>&xxe;</headline></contentMeta></newsItem>""",
        "parameter-entity": f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{uri}"> %remote;]>
<rss version="2.0"><channel><item><title>x</title></item></channel></rss>""",
    }


@pytest.mark.parametrize("kind", ["rss", "atom", "newsml-g2", "parameter-entity"])
def test_external_entities_are_refused_and_never_read(secret_file, kind):
    document = _xxe_documents(secret_file)[kind].encode()
    result = parse_bytes(document)
    assert result.failure == "XML external entities are refused"
    assert result.items == []
    assert SECRET not in _all_text(result)


def test_external_entities_are_refused_in_utf16_too(secret_file):
    document = _xxe_documents(secret_file)["rss"].replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>'
    )
    result = parse_bytes(document.encode("utf-16"))
    assert result.failure == "XML external entities are refused"
    assert SECRET not in _all_text(result)


def test_safexml_refuses_entities_directly(secret_file):
    document = _xxe_documents(secret_file)["newsml-g2"].encode()
    parsed = safexml.parse_xml(document)
    assert parsed.root is None
    assert parsed.failure == "XML external entities are refused"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>"""


def _quadratic_blowup() -> bytes:
    entity = "A" * 50_000
    references = "&a;" * 50_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "{entity}">]>'
        f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>'
        f"<title>{references}</title></entry></feed>"
    ).encode()


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(_quadratic_blowup(), id="quadratic-blowup"),
        pytest.param(
            BILLION_LAUGHS.replace(b"<rss", b"<newsItem").replace(b"</rss>", b"</newsItem>"),
            id="billion-laughs-any-root",
        ),
    ],
)
def test_entity_expansion_bombs_are_refused(document):
    result = parse_bytes(document)
    assert result.failure.startswith("XML entity declarations are refused")
    assert result.items == []


def test_doctype_after_leading_junk_is_still_checked():
    document = b"junk\n" + BILLION_LAUGHS.split(b"\n", 1)[1]
    assert parse_bytes(document).failure.startswith("XML entity declarations are refused")


def test_entity_text_inside_content_is_not_a_declaration():
    document = b"""<?xml version="1.0"?><rss version="2.0"><channel><item>
<title>About &lt;!ENTITY&gt; declarations</title></item></channel></rss>"""
    result = parse_bytes(document)
    assert result.failure == ""
    assert result.items[0].headline == "About <!ENTITY> declarations"


def test_oversize_documents_are_refused_unparsed():
    document = b"<rss>" + b" " * (MAX_DOCUMENT_BYTES + 1 - len(b"<rss>"))
    result = parse_bytes(document)
    assert result.failure.startswith("document too large")
    assert f"{MAX_DOCUMENT_BYTES:,}" in result.failure


def test_the_size_limit_is_twenty_megabytes():
    assert MAX_DOCUMENT_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    "document", [b"", b"   \n\t  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", "  ".encode("utf-16")]
)
def test_empty_documents_fail_as_empty(document):
    """Whitespace of any encoding, and nothing else, is an empty document."""
    result = parse_bytes(document)
    assert result.failure == "empty document"
    assert result.items == []


@pytest.mark.parametrize(
    "document",
    [
        b"<!DOCTYPE html><html><head><title>Not here</title></head><body>x</body></html>",
        b"<html><body><h1>Object moved</h1></body></html>",
        b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body/></html>""",
        b"<head><title>Document Moved</title></head><body>gone</body>",
    ],
)
def test_html_pages_are_not_feeds(document):
    result = parse_bytes(document)
    assert result.failure == "not a feed: an HTML page"


def test_invalid_utf8_inside_an_rss_feed_is_parsed_with_a_warning():
    document = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Caf\xe9 \xff\xfe news</title><guid>urn:1</guid></item></channel></rss>"
    )
    result = parse_bytes(document)
    assert result.failure == ""
    assert result.format == "rss"
    assert result.warnings, "a bad byte must be flagged"
    assert result.items[0].headline.startswith("Caf")
    assert result.items[0].external_id == "urn:1"


def test_invalid_utf8_in_json_is_replaced_with_a_warning():
    document = b'{"uri": "urn:1", "headline": "Caf\xe9", "body_text": "x"}'
    result = parse_bytes(document)
    assert result.failure == ""
    assert result.warnings == ["invalid UTF-8 replaced"]
    assert result.items[0].headline == "Caf\ufffd"


def test_malformed_newsml_is_recovered_with_a_warning():
    document = b"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:1">
<itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentMeta><headline>Broken & unclosed</headline></contentMeta>"""
    result = parse_bytes(document)
    assert result.failure == ""
    assert result.warnings and result.warnings[0].startswith("malformed XML")
    assert result.items[0].external_id == "urn:1"


def test_hopeless_xml_fails_as_malformed():
    result = safexml.parse_xml(b"<<<>>>")
    assert result.failure.startswith("malformed XML")


@pytest.mark.parametrize(
    "document",
    [
        os.fsencode(__file__),  # a path: feedparser would open it if handed bytes or str
        b"/etc/passwd",
        b"http://127.0.0.1:9/feed.xml",  # a URL: must never be fetched
        b"file:///etc/passwd",
    ],
)
def test_paths_and_urls_as_data_are_never_opened(document):
    result = parse_bytes(document)
    assert result.items == []
    assert result.failure
    assert "root:" not in repr(result)


@pytest.mark.parametrize(
    "document",
    [
        b"\x00\x01\x02\x03" * 100,
        b"\xff" * 1000,
        b"<" * 10_000,
        b"<rss" + b"<item>" * 5000,
        b'{"items": [' * 3000,
        b"[" * 100_000,
        b"<?xml version='1.0' encoding='bogus-codec'?><rss><channel/></rss>",
        b"<rss version='2.0'><channel><item><title>\x00</title></item></channel></rss>",
        "<rss>\u202e\U0001f600</rss>".encode("utf-32"),
    ],
)
def test_garbage_never_raises(document):
    result = parse_bytes(document)
    assert isinstance(result.failure, str)
    assert isinstance(result.items, list)


def test_str_and_bytearray_input_are_accepted():
    document = '<rss version="2.0"><channel><item><title>Ünïcode</title></item></channel></rss>'
    assert parse_bytes(document).items[0].headline == "Ünïcode"
    assert parse_bytes(bytearray(document.encode())).items[0].headline == "Ünïcode"


def test_a_long_run_of_whitespace_before_the_feed_is_not_empty():
    document = (
        b" " * 10_000 + b'<rss version="2.0"><channel><item><title>x</title></item></channel></rss>'
    )
    result = parse_bytes(document)
    assert result.failure == ""
    assert result.items[0].headline == "x"
