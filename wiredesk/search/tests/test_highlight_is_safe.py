"""Snippet HTML is the escaped text with only our ``<mark>`` tags, always balanced."""

import pytest

from wiredesk.search.highlight import START, STOP, clean_text, marked_html


@pytest.mark.parametrize(
    ("snippet", "html"),
    [
        ("plain", "plain"),
        (f"a {START}mars{STOP} b", "a <mark>mars</mark> b"),
        (f"{START}<script>{STOP}", "<mark>&lt;script&gt;</mark>"),
        ("say \"hi\" & 'bye'", "say &quot;hi&quot; &amp; &#x27;bye&#x27;"),
        (f"{START}open", "<mark>open</mark>"),  # unclosed: closed
        (f"stray{STOP} end", "stray end"),  # stray stop: dropped
        (f"{START}{START}x{STOP}{STOP}", "<mark>x</mark>"),
        (f"{START}{STOP}", ""),
        ("<mark>fake</mark>", "&lt;mark&gt;fake&lt;/mark&gt;"),
        ("", ""),
        (None, ""),
    ],
)
def test_marked_html(snippet, html):
    assert marked_html(snippet) == html


def test_clean_text_removes_the_markers_so_stories_cannot_forge_them():
    assert clean_text(f"a{START}b{STOP}c") == "abc"
    assert marked_html(clean_text(f"{START}<b>{STOP}")) == "&lt;b&gt;"
