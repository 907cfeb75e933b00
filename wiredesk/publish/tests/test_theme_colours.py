"""Site accent colours are validated and paired with readable text colours."""

import pytest

from wiredesk.publish.theme import DEFAULT_ACCENT, contrast, site_colours


@pytest.mark.parametrize(
    "theme", [{}, None, {"accent": "red; background: url(x)"}, {"accent": "#12345"}]
)
def test_invalid_accent_falls_back_to_the_default(theme):
    assert site_colours(theme)["accent"] == DEFAULT_ACCENT


@pytest.mark.parametrize(
    "accent", ["#c00", "#ffd700", "#2a9d8f", "#777777", "#808080", "#000000", "#ffffff"]
)
def test_text_colours_meet_wcag_aa(accent):
    colours = site_colours({"accent": accent})
    assert contrast(colours["accent"], colours["on_accent"]) >= 4.5
    assert contrast(colours["accent_ink"], "#ffffff") >= 4.5


def test_short_hex_is_expanded():
    assert site_colours({"accent": "#c00"})["accent"] == "#cc0000"
