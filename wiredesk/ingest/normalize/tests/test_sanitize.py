"""The sanitiser's allowlist, plain-text extraction and summaries."""

import pytest

from wiredesk.ingest.normalize.sanitize import html_to_text, sanitize_html, summarize


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>"),
        ("<p>a</p><script>alert(1)</script><p>b</p>", "<p>a</p><p>b</p>"),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        (
            '<img src="https://e.org/a.jpg" onerror="alert(1)" alt="A">',
            '<img src="https://e.org/a.jpg" alt="A">',
        ),
        ('<p onclick="steal()" style="color:red" class="x" id="y">t</p>', "<p>t</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        (
            '<a href="https://e.org/" target="_blank" title="T">x</a>',
            '<a href="https://e.org/" title="T" rel="noopener nofollow">x</a>',
        ),
        (
            '<a href="mailto:desk@e.org">mail</a>',
            '<a href="mailto:desk@e.org" rel="noopener nofollow">mail</a>',
        ),
        ('<iframe src="https://evil.example/"></iframe><p>after</p>', "<p>after</p>"),
        ('<object data="x.swf"><embed src="x.swf"></object>ok', "ok"),
        ('<img src="data:image/png;base64,AAAA" alt="d">', '<img alt="d">'),
        (
            '<a href="data:text/html,<script>alert(1)</script>">x</a>',
            '<a rel="noopener nofollow">x</a>',
        ),
        ('<img src="/relative.jpg">', "<img>"),
        ('<img src="//cdn.example/a.jpg">', '<img src="https://cdn.example/a.jpg">'),
        (
            '<img src="https://e.org/a.jpg" width="640" height="100%">',
            '<img src="https://e.org/a.jpg" width="640">',
        ),
        ("<h1>Title</h1><h2>Sub</h2>", "Title<h2>Sub</h2>"),
        ("<form><input value=x><button>go</button></form>", "go"),
        ("<svg><script>alert(1)</script></svg><p>x</p>", "<p>x</p>"),
        ("<!-- comment --><p>x</p>", "<p>x</p>"),
        (
            "<table><tr><th scope=col onclick=x>H</th></tr><tr><td colspan=2>D</td></tr></table>",
            '<table><tbody><tr><th scope="col">H</th></tr>'
            '<tr><td colspan="2">D</td></tr></tbody></table>',
        ),
        (
            "<figure><img src='https://e.org/i.jpg'><figcaption>Cap</figcaption></figure>",
            '<figure><img src="https://e.org/i.jpg"><figcaption>Cap</figcaption></figure>',
        ),
        (
            "<blockquote><ul><li>one</li></ul><ol><li>two</li></ol></blockquote>",
            "<blockquote><ul><li>one</li></ul><ol><li>two</li></ol></blockquote>",
        ),
        ("", ""),
    ],
)
def test_sanitize_html(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_relative_urls_resolve_against_a_base_url():
    html = '<a href="/story/1">s</a><img src="pic.jpg">'
    assert sanitize_html(html, base_url="https://wire.example/news/") == (
        '<a href="https://wire.example/story/1" rel="noopener nofollow">s</a>'
        '<img src="https://wire.example/news/pic.jpg">'
    )


def test_a_base_url_cannot_smuggle_a_bad_scheme():
    assert sanitize_html('<a href="x">s</a>', base_url="javascript:alert(1)//") == (
        '<a rel="noopener nofollow">s</a>'
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("<p>Line<br>break</p>", "Line\nbreak"),
        ("<div>  lots   of \n  space </div>", "lots of space"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("<p>x</p><script>var a = '<p>no</p>';</script><p>y</p>", "x\n\ny"),
        ("<h2>Head</h2>Body text", "Head\n\nBody text"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
        ("Plain text\n\nstays paragraphs", "Plain text\n\nstays paragraphs"),
        ("AT&T &lt;tag&gt; &#8220;q&#8221;", "AT&T <tag> \u201cq\u201d"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


LONG = (
    "NASA launched a probe on Monday. It will reach Mars in 2026, officials said. "
    "Dr. Smith of the U.S. team said the mission cost $1.2 billion. "
    "The probe carries eleven instruments built by teams in nine countries."
)


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("Short text.", 300, "Short text."),
        ("  Spaces   collapse.  ", 300, "Spaces collapse."),
        (LONG, 80, "NASA launched a probe on Monday. It will reach Mars in 2026, officials said."),
        (
            LONG,
            150,
            "NASA launched a probe on Monday. It will reach Mars in 2026, officials said. "
            "Dr. Smith of the U.S. team said the mission cost $1.2 billion.",
        ),
        ("Onewordthatgoesonandonandon " * 3, 30, "Onewordthatgoesonandonandon…"),
        (
            "No sentence end in this rather long line of words at all",
            30,
            "No sentence end in this…",
        ),
    ],
)
def test_summarize(text, max_chars, expected):
    summary = summarize(text, max_chars)
    assert summary == expected
    assert len(summary) <= max_chars


def test_an_empty_link_is_the_base_itself_and_dropped_without_one():
    with_base = sanitize_html(
        '<p><a href="">here</a> <a href=" ">there</a></p>', "https://ex.com/a/"
    )
    assert with_base.count('href="https://ex.com/a/"') == 2
    assert "href" not in sanitize_html('<p><a href="">here</a></p>')


def test_an_empty_link_cannot_smuggle_a_bad_scheme_base():
    assert "href" not in sanitize_html('<a href="">s</a>', base_url="javascript:alert(1)//")
