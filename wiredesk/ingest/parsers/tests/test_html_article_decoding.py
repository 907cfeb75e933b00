"""How the "html" parser turns page bytes into text: BOM, declared charset, UTF-8, guess."""

import pytest

from wiredesk.ingest.parsers.html_article import declared_charset, decode_html, page_language

TEXT = "Grüße aus Zürich: 30 € — «très cher»"


@pytest.mark.parametrize(
    "data, codec",
    [
        (b'<meta charset="windows-1252">', "cp1252"),
        (b"<meta charset=ISO-8859-1>", "cp1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r"),
        (b'<?xml version="1.0" encoding="ISO-8859-15"?><html>', "iso8859-15"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta charset="no-such-charset">', ""),
        (b"<html><head><title>x</title>", ""),
    ],
)
def test_declared_charset(data, codec):
    assert declared_charset(data) == codec


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf<p>" + TEXT.encode("utf-8"),
        b"\xff\xfe" + "<p>".encode("utf-16-le") + TEXT.encode("utf-16-le"),
        b"<meta charset='windows-1252'><p>" + TEXT.encode("cp1252"),
        b"<p>" + TEXT.encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16-bom", "declared-1252", "undeclared-utf8"],
)
def test_pages_decode_to_the_same_text(data):
    text, warnings = decode_html(data)
    assert text.endswith(TEXT)
    assert warnings == []


def test_a_wrong_declaration_is_noticed_and_utf8_is_tried():
    data = b'<meta charset="iso-2022-jp"><p>' + "\u00e9t\u00e9 \u20ac".encode()
    text, warnings = decode_html(data)
    assert text.endswith("\u00e9t\u00e9 \u20ac")
    assert warnings == ["the page is not in its declared charset iso2022_jp"]


def test_a_stray_byte_keeps_the_declared_charset():
    data = b"<meta charset='windows-1251'><p>" + "Привет".encode("cp1251") + b"\x98</p>"
    text, warnings = decode_html(data)
    assert "Привет\ufffd" in text
    assert warnings == ["bytes invalid in the declared charset cp1251 were replaced"]


def test_an_undeclared_cyrillic_page_is_guessed():
    russian = "Инженеры провели огневые испытания нового двигателя во вторник."
    text, warnings = decode_html(b"<html><body><p>" + russian.encode("cp1251") + b"</p>")
    assert russian in text
    assert warnings and warnings[0].startswith("charset guessed as")


@pytest.mark.parametrize(
    "page, language",
    [
        ('<html lang="en-GB"><head>', "en-gb"),
        ("<html xml:lang='fr' xmlns='http://www.w3.org/1999/xhtml'>", "fr"),
        ('<html><meta http-equiv="content-language" content="pt_BR">', "pt-br"),
        ("<html><head>", ""),
    ],
)
def test_page_language(page, language):
    assert page_language(page) == language
