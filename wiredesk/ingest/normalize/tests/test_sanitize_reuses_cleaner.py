"""The sanitiser built once gives what one built per call gave: each call's own base URL,
in every thread, and the same text after it."""

import threading

import nh3

from wiredesk.ingest.normalize.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    LINK_REL,
    URL_SCHEMES,
    _attribute_filter,
    _join_blocks,
    html_to_text,
    sanitize_html,
)

HTML = (
    '<p><a href="/a">rel</a> <img src="b.png" width=" 10 " height="x"> '
    '<a href="javascript:alert(1)">js</a><script>x</script></p>'
    '<table><tr><td colspan="2">c</td></tr></table>'
)


def _per_call(html: str, base_url: str) -> str:
    """The sanitiser as it was: nh3 set up for each call."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(base_url),
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
    ).strip()


def test_each_call_resolves_against_its_own_base():
    for base in ("", "https://one.example/news/", "http://two.example/x/y", "//three.example/"):
        assert sanitize_html(HTML, base_url=base) == _per_call(HTML, base)
    assert 'href="https://one.example/a"' in sanitize_html(HTML, "https://one.example/news/")
    assert "href" not in sanitize_html('<a href="/a">x</a>')  # no base: dropped, as before


def test_threads_keep_their_own_base():
    results: dict[int, list[str]] = {}

    def run(number: int) -> None:
        base = f"https://site{number}.example/"
        results[number] = [sanitize_html(HTML, base) for _ in range(200)]

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for number, outputs in results.items():
        assert set(outputs) == {_per_call(HTML, f"https://site{number}.example/")}


def _blocks_as_before(text: str) -> str:
    paragraphs = []
    for block in text.split("\x00"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def test_join_blocks_is_the_loop_it_replaces():
    pieces = ["a", "b c", " ", "\n", "\x00", "\t", "\xa0", "\u2028", "\x1c", "\r\n", ""]
    texts = [x + y + z for x in pieces for y in pieces for z in pieces]
    for text in texts:
        assert _join_blocks(text) == _blocks_as_before(text), repr(text)


def test_one_paragraph_plain_text():
    assert html_to_text("  a \t b\xa0c  ") == "a b c"
    assert html_to_text("a\n\n b \n c") == "a\n\nb c"
