"""The Python SSI expander the tests use in place of nginx (pure)."""

import pytest

from wiredesk.export import ssi


def test_expand_replaces_each_include_with_the_file():
    files = {"/_fragments/a.html": b"<p>A</p>", "/_fragments/b.html": b"<p>B</p>"}
    page = (
        b'x<!--# include virtual="/_fragments/a.html" -->y'
        b'<!--#include virtual="/_fragments/b.html"-->z'
    )
    assert ssi.expand(page, files.__getitem__) == b"x<p>A</p>y<p>B</p>z"
    assert ssi.includes(page) == ["/_fragments/a.html", "/_fragments/b.html"]


def test_include_directive_round_trips():
    directive = ssi.include("/_fragments/spacewar/article-boxes.html").encode()
    assert ssi.includes(directive) == ["/_fragments/spacewar/article-boxes.html"]


@pytest.mark.parametrize("url", ["relative.html", '/a"b.html'])
def test_include_refuses_what_would_break_the_directive(url):
    with pytest.raises(ValueError):
        ssi.include(url)


def test_runaway_nesting_is_an_error():
    def read(url):
        return b'<!--# include virtual="/loop.html" -->'

    with pytest.raises(ValueError):
        ssi.expand(read("/loop.html"), read)
