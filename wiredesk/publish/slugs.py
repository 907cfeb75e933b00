"""URL slugs from headlines, as the network has always made them.

``Blinken urges Iraq to pursue attackers of US forces`` becomes
``Blinken_urges_Iraq_to_pursue_attackers_of_US_forces``: words joined by ``_``, punctuation
dropped, letters folded to ASCII, case kept. Pure Python (no Django) so ingest can import it.
"""

import re
import unicodedata

MAX_SLUG_LENGTH = 100
FALLBACK_SLUG = "story"

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_ACRONYM_DOT = re.compile(r"\b([A-Za-z])\.(?=[A-Za-z]\.|\s|$)")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def ascii_fold(text: str) -> str:
    """``Zürich–Łódź`` -> ``Zurich Lodz``: accents dropped, other non-ASCII becomes a space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch if ch.isascii() else " " for ch in kept)


def slugify_headline(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """The slug for a headline: ASCII words joined by ``_``, cut at a word boundary.

    Apostrophes vanish inside words (``China's`` -> ``Chinas``), dotted acronyms close up
    (``U.S.`` -> ``US``), every other run of punctuation or space separates words. A headline
    with no letters or digits gives ``story``.
    """
    folded = ascii_fold(_APOSTROPHES.sub("", text))
    folded = _ACRONYM_DOT.sub(r"\1", folded)
    words = [word for word in _NON_WORD.split(folded) if word]
    if not words:
        return FALLBACK_SLUG
    slug = words[0][:max_length]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}_{word}"
    return slug
