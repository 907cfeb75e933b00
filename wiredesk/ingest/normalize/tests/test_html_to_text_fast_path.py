"""The regular-expression path of ``html_to_text`` gives what the full HTML parser gives, and
leaves to the parser what it cannot read exactly."""

import pytest

from wiredesk.ingest.normalize.sanitize import _fast_text, _TextExtractor, html_to_text


def _parsed(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.text()


@pytest.mark.parametrize(
    "html",
    [
        "<p>One</p><p>Two &amp; three</p>",
        "<p>Line<br>break<br/>again</p>",
        "<P CLASS='x'>Upper case tags</P>",
        "<div>Block <span>inline</span> text\nwith a newline</div>",
        "<table><tr><td>a</td><td>b</td></tr></table>",
        '<p><a href="x?a=1&amp;b=2" title="a > b">link</a> after</p>',
        "<ul><li>one</li><li>two</li></ul>tail",
        "text &#10; with an entity newline",
        "<p>&nbsp;</p><p>&eacute;t&eacute;</p>",
        "<h2>Head</h2>body<hr/>more",
        "<p>unclosed <b>bold",
        "plain & simple",
    ],
)
def test_fast_path_equals_the_parser(html):
    fast = _fast_text(html)
    assert fast is not None
    assert fast == _parsed(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><script>var s = '<p>';</script>",
        "<style>p { color: red }</style><p>x</p>",
        "<!-- comment --><p>x</p>",
        "<p>a < b</p>",
        "<?xml version='1.0'?><p>x</p>",
        "<title>t</title><p>x</p>",
        "a\x00b",
    ],
)
def test_what_the_fast_path_cannot_read_goes_to_the_parser(html):
    assert _fast_text(html) is None
    assert html_to_text(html) == _parsed(html)
