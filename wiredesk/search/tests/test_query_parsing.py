"""A reader's query becomes required phrases, alternatives and exclusions, rendered for FTS5
and for ``websearch_to_tsquery`` with every word re-quoted: typed syntax is never passed on."""

import pytest

from wiredesk.search.query import MAX_WORDS, parse_query


@pytest.mark.parametrize(
    ("typed", "fts5", "websearch"),
    [
        ("mars", '"mars"', "mars"),
        ("mars rover", '"mars" AND "rover"', "mars rover"),
        ('"space force"', '"space force"', '"space force"'),
        ('"space force', '"space force"', '"space force"'),  # unclosed quote: to the end
        ("mars -rover", '("mars") NOT "rover"', "mars -rover"),
        ('mars -"sample return"', '("mars") NOT "sample return"', 'mars -"sample return"'),
        ("mars OR moon", '("mars" OR "moon")', "mars or moon"),
        ("mars or moon", '("mars" OR "moon")', "mars or moon"),
        ("OR mars OR", '"mars"', "mars"),
        ("U.S. missile", '"U S" AND "missile"', '"U S" missile'),
        ("covid-19", '"covid 19"', '"covid 19"'),
        ("mars*", '"mars"', "mars"),
        ("title:mars NEAR(a b)", '"title mars" AND "NEAR a" AND "b"', '"title mars" "NEAR a" b'),
        ("mars mars", '"mars"', "mars"),
        ("Zürich Ärzte", '"Zürich" AND "Ärzte"', "Zürich Ärzte"),
        ("a_b", '"a b"', '"a b"'),
        ('say "he""llo"', '"say" AND "he" AND "llo"', "say he llo"),
    ],
)
def test_rendering(typed, fts5, websearch):
    parsed = parse_query(typed)
    assert parsed.to_fts5() == fts5
    assert parsed.to_websearch() == websearch


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", ""),
        ("   ", ""),
        ('""', "Type letters or numbers"),
        ("*** ::: ()", "Type letters or numbers"),
        ("- -", "Type letters or numbers"),
        ("-mars", "excluded words alone"),
        ('-"space force" -mars', "excluded words alone"),
    ],
)
def test_queries_with_nothing_to_find(typed, problem):
    parsed = parse_query(typed)
    assert parsed.is_empty
    assert parsed.to_fts5() == ""
    assert [text for text in parsed.problems if problem in text] if problem else not parsed.problems


def test_and_and_not_are_plain_words():
    assert parse_query("AND NOT").to_fts5() == '"AND" AND "NOT"'


def test_long_queries_are_cut_to_the_word_limit():
    parsed = parse_query(" ".join(f"word{n}" for n in range(MAX_WORDS * 2)))
    assert len(parsed.words) == MAX_WORDS
    assert parsed.truncated
    assert parsed.problems


def test_huge_input_is_bounded():
    parsed = parse_query('"' * 100_000 + "x" * 100_000)
    assert len(parsed.text) <= 500
    assert parsed.truncated


@pytest.mark.parametrize(
    "typed",
    ['"', '-"', '" OR "', "(((", "NOT", "^mars", "mars:*", "\x00mars", "mars\ue000", "'; DROP"],
)
def test_fts5_rendering_only_quotes_whole_phrases(typed):
    expression = parse_query(typed).to_fts5()
    # everything outside double quotes is our own syntax: brackets, AND, OR, NOT, spaces
    outside = expression.split('"')[::2]
    assert all(set(part) <= set("() ANDORT") for part in outside), expression
