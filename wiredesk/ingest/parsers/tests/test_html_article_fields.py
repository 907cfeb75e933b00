"""HTML article pages: what the "html" parser takes from a page we wrote ourselves.

The page is parsed only when the source says ``format = "html"`` (the hint); content
detection never picks this parser.
"""

import socket
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import (
    PARSERS,
    detect_format,
    html_article,
    parse_bytes,
    register,
    unregister,
)
from wiredesk.ingest.parsers.html_article import NO_ARTICLE

PARAGRAPHS = [
    "Engineers at the northern launch range fired the new kerosene engine for a full four "
    "minutes on Tuesday, the longest burn the test stand has seen since it was rebuilt.",
    "The team said the chamber pressure held steady through the whole run, and that the "
    "nozzle showed none of the erosion that cut the previous attempt short in the spring.",
    "A second firing is planned for next month, after the turbopump has been inspected and "
    "the instrumentation harness replaced with the flight version the rocket will carry.",
    "If both tests pass, the first orbital attempt could come before the end of the year, "
    "the programme manager told reporters gathered in the cold outside the control bunker.",
]


def article_page(
    *,
    head: str = "",
    body_extra: str = "",
    charset: str = "utf-8",
    lang: str = "en",
    paragraphs: list[str] = PARAGRAPHS,
) -> str:
    """A small but realistic article page: navigation, article, comments, footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<title>Test stand fires engine for four minutes | Rocket Weekly</title>
{head}
<style>body {{ color: red; }} .secret-style-marker {{ display: none }}</style>
<script>var secretScriptMarker = "do not publish";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/launches">Launches</a></li>
<li><a href="/about">About us</a></li></ul></nav>
<header><div class="logo">Rocket Weekly</div></header>
<main>
<article>
<h1>Test stand fires engine for four minutes</h1>
<p class="byline">By Ada Example</p>
{paras}
{body_extra}
<script>document.write("inlineScriptMarker");</script>
<noscript>noscriptMarker please enable scripts</noscript>
</article>
<section class="comments"><h3>Comments</h3>
<div class="comment"><p>commentMarker: first!</p></div></section>
</main>
<footer><p>Copyright 2024 Rocket Weekly. All rights reserved. footerMarker</p></footer>
</body>
</html>
"""


FULL_HEAD = """
<link rel="canonical" href="https://rocketweekly.example/2024/05/engine-test">
<meta property="og:site_name" content="Rocket Weekly">
<meta property="og:title" content="Test stand fires engine for four minutes">
<meta name="description" content="The longest burn yet on the rebuilt stand.">
<meta name="author" content="Ada Example">
<meta property="article:published_time" content="2024-05-14T09:30:00+02:00">
<meta name="keywords" content="engines, test stand, launch">
"""


@pytest.fixture
def html_registered():
    """The "html" parser registered (the package registers it; tests must not depend on it)."""
    had = PARSERS.get("html")
    register(html_article, replace=True)
    yield
    if had is None:
        unregister("html")
    else:
        register(had, replace=True)


def parse_page(page: str | bytes):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return parse_bytes(data, hint="html")


def only_item(result):
    assert result.failure == "", result.failure
    assert result.format == "html"
    assert len(result.items) == 1
    return result.items[0]


def test_metadata_becomes_item_fields(html_registered):
    item = only_item(parse_page(article_page(head=FULL_HEAD)))
    assert item.headline == "Test stand fires engine for four minutes"
    assert item.published == datetime(2024, 5, 14, 7, 30, tzinfo=UTC)
    assert item.byline == "Ada Example"
    assert item.agency == "Rocket Weekly"
    assert item.link == "https://rocketweekly.example/2024/05/engine-test"
    assert item.external_id == item.link
    assert item.summary == "The longest burn yet on the rebuilt stand."
    assert item.language == "en"
    assert item.format == "html"


def test_body_is_the_article_text_as_paragraphs(html_registered):
    item = only_item(parse_page(article_page(head=FULL_HEAD)))
    for paragraph in PARAGRAPHS:
        assert f"<p>{paragraph}</p>" in item.body_html
    assert "Test stand fires engine" not in item.body_html.split("\n")[0], (
        "a first heading that repeats the headline is not kept in the body"
    )


@pytest.mark.parametrize(
    "marker",
    [
        "secretScriptMarker",
        "secret-style-marker",
        "inlineScriptMarker",
        "noscriptMarker",
        "commentMarker",
        "footerMarker",
        "About us",
        "<script",
        "<style",
    ],
)
def test_scripts_styles_and_boilerplate_never_reach_the_body(html_registered, marker):
    item = only_item(parse_page(article_page(head=FULL_HEAD)))
    assert marker not in item.body_html


def test_headings_lists_and_quotes_are_kept(html_registered):
    extra = """
<h2>What comes next</h2>
<p>The schedule for the rest of the campaign, as the range published it this week, has
three more steps before the engine is cleared for a flight of its own.</p>
<ul><li>Inspect the turbopump bearings</li><li>Replace the harness</li>
<li>Fire again at full thrust</li></ul>
<blockquote><p>We are closer than we have ever been, and the data says so,</p></blockquote>
<p>said the chief engineer, who has led the programme since its start six years ago.</p>
"""
    body = only_item(parse_page(article_page(head=FULL_HEAD, body_extra=extra))).body_html
    assert "<h2>What comes next</h2>" in body
    assert "<ul><li>Inspect the turbopump bearings</li><li>Replace the harness</li>" in body
    assert "<blockquote><p>We are closer than we have ever been" in body


def test_text_that_looks_like_markup_stays_escaped(html_registered):
    extra = "<p>The log printed &lt;script&gt;alert(1)&lt;/script&gt; and 3 &lt; 4 &amp; 5.</p>"
    body = only_item(parse_page(article_page(body_extra=extra))).body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and 3 &lt; 4 &amp; 5." in body
    assert "<script>" not in body


def test_og_url_is_the_id_when_there_is_no_canonical_link(html_registered):
    head = '<meta property="og:url" content="https://rocketweekly.example/og/engine-test">'
    item = only_item(parse_page(article_page(head=head)))
    assert item.external_id == "https://rocketweekly.example/og/engine-test"


def test_without_a_url_the_id_is_a_stable_hash_of_title_and_date(html_registered):
    head = '<meta property="article:published_time" content="2024-05-14T09:30:00Z">'
    first = only_item(parse_page(article_page(head=head)))
    again = only_item(parse_page(article_page(head=head, body_extra="<p>Edited.</p>")))
    assert first.link == ""
    assert first.external_id.startswith("sha1:")
    assert first.external_id == again.external_id, "same title and date, same id"
    other = '<meta property="article:published_time" content="2024-05-15T09:30:00Z">'
    assert only_item(parse_page(article_page(head=other))).external_id != first.external_id


def test_keywords_come_from_the_page_tags(html_registered):
    head = FULL_HEAD + '<meta property="article:tag" content="propulsion">'
    item = only_item(parse_page(article_page(head=head)))
    assert item.keywords, "the page declares keywords"
    assert len(item.keywords) == len(set(item.keywords))


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><script>var onlyScript = 1;</script></body></html>",
    ],
    ids=["empty-body", "only-navigation", "only-script"],
)
def test_a_page_without_article_text_is_a_failure(html_registered, page):
    result = parse_page(page)
    assert result.failure == NO_ARTICLE
    assert result.items == []


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\xff" * 50, b'{"not": "html"}', b"<<<>>>" * 100, b"<html" * 1000],
    ids=["binary", "json", "brackets", "unclosed"],
)
def test_junk_never_raises(data):
    result = html_article.parse(data)
    assert result.failure
    assert result.items == []


def test_an_oversize_page_is_refused_before_extraction():
    data = b"<html><body><p>" + b"a " * (html_article.MAX_HTML_BYTES // 2 + 10) + b"</p></body>"
    result = html_article.parse(data)
    assert result.failure.startswith("HTML page too large")


WINDOWS_1252 = ["Ça coûte cher : 30 € pour un café noir à Zürich, dit-il — vraiment trop."]


@pytest.mark.parametrize(
    "charset, declared",
    [("cp1252", "windows-1252"), ("cp1252", "iso-8859-1"), ("cp1252", None)],
    ids=["meta-windows-1252", "meta-latin-1-label", "undeclared"],
)
def test_a_page_not_in_utf8_is_decoded(html_registered, charset, declared):
    page = article_page(charset=declared or "", lang="fr", paragraphs=PARAGRAPHS + WINDOWS_1252)
    if declared is None:
        page = page.replace('<meta charset="">', "")
    item = only_item(parse_page(page.encode(charset)))
    assert WINDOWS_1252[0] in item.body_html
    assert "\ufffd" not in item.body_html
    assert item.language == "fr"


def test_a_shift_jis_page_with_a_meta_charset_is_decoded(html_registered):
    japanese = [
        "新しいエンジンの燃焼試験が火曜日に行われ、四分間の連続燃焼に成功したと発表された。"
        "試験場の改修後、最も長い燃焼となった。",
        "チームによると、燃焼室の圧力は試験中ずっと安定しており、ノズルにも損傷は見られなかった。"
        "次の試験は来月に予定されている。",
    ] * 3
    page = article_page(charset="Shift_JIS", lang="ja", paragraphs=japanese)
    item = only_item(parse_page(page.encode("shift_jis")))
    assert japanese[0] in item.body_html


def test_a_utf16_page_with_a_byte_order_mark_is_decoded(html_registered):
    page = article_page(head=FULL_HEAD)
    item = only_item(parse_page(page.encode("utf-16")))
    assert item.headline == "Test stand fires engine for four minutes"


def test_detection_never_picks_the_html_parser(html_registered):
    page = article_page(head=FULL_HEAD).encode()
    assert html_article.sniff(page[:16384]) is False
    assert detect_format(page) == ""
    result = parse_bytes(page)
    assert result.failure == "not a feed: an HTML page"


def test_the_hint_selects_the_parser(html_registered):
    result = parse_bytes(article_page(head=FULL_HEAD).encode(), hint="html")
    assert (result.format, result.failure, len(result.items)) == ("html", "", 1)
    assert result.items[0].format == "html"


def test_a_feed_sent_with_the_html_hint_is_still_parsed_as_a_feed(html_registered):
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><guid>x1</guid><title>Feed item</title><description>Hi</description></item>"
        b"</channel></rss>"
    )
    result = parse_bytes(rss, hint="html")
    assert result.failure == ""
    assert result.format == "rss"
    assert result.warnings[0] == "not html as hinted; parsed as rss"


def test_extraction_touches_no_network(html_registered, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the html parser must not open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    head = FULL_HEAD + '<meta property="og:image" content="https://img.example/a.jpg">'
    extra = '<p><img src="https://img.example/b.jpg"> <a href="https://else.example/">x</a></p>'
    item = only_item(parse_page(article_page(head=head, body_extra=extra)))
    assert item.link == "https://rocketweekly.example/2024/05/engine-test"


def test_the_body_uses_only_tags_the_sanitiser_keeps(html_registered):
    from wiredesk.ingest.normalize.sanitize import sanitize_html

    extra = """<h3>Numbers</h3><table><tr><th>Run</th><th>Seconds</th></tr>
<tr><td>First</td><td>240</td></tr></table>
<p>The <b>bold</b> and <i>italic</i> words<br>and a break stay as they are.</p>"""
    body = only_item(parse_page(article_page(head=FULL_HEAD, body_extra=extra))).body_html
    assert sanitize_html(body) == body
