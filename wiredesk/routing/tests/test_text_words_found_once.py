"""``text_words`` from words the caller found, and asked again for the same strings, is the
set it would compute."""

from wiredesk.routing import rules
from wiredesk.routing.rules import text_words


def test_found_words_and_the_repeat_give_the_computed_set():
    headline, body = "Rocket LAUNCH", "The rocket's engines fired. Ünïcödé!"
    computed = frozenset(rules._WORD.findall(f"{headline}\n{body}".lower()))
    found = rules._WORD.findall(f"{headline}\n{body}".lower())
    assert text_words(headline, body, found=found) == computed
    assert text_words(headline, body) is text_words(headline, body)  # kept for these strings
    assert text_words(headline, body) == computed


def test_equal_but_other_strings_are_computed_again():
    words = text_words("one two", "three")
    other = "".join(["one ", "two"])  # equal, not the same object
    assert text_words(other, "three") == words
    assert text_words("one", "two three") == frozenset({"one", "two", "three"})
    assert text_words("", "") == frozenset()
