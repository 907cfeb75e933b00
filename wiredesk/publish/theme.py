"""A site's accent colour from its theme, with text colours that keep WCAG AA contrast."""

import re
from collections.abc import Sequence

DEFAULT_ACCENT = "#1f4e8c"
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_BLACK = "#000000"
_WHITE = "#ffffff"


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(part):02x}" for part in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def site_colours(theme: dict | None) -> dict[str, str]:
    """The site's colours for ``base.html``.

    ``accent`` is the theme's hex colour (the default when missing or invalid), ``on_accent``
    is black or white, whichever reads better on it, and ``accent_ink`` is the accent darkened
    until it reads as text on white (links, rules).
    """
    value = str((theme or {}).get("accent", "")).strip()
    accent = _hex(_rgb(value)) if _HEX.fullmatch(value) else DEFAULT_ACCENT
    on_accent = _WHITE if contrast(accent, _WHITE) >= contrast(accent, _BLACK) else _BLACK
    ink = _rgb(accent)
    while contrast(_hex(ink), _WHITE) < 4.5:
        ink = tuple(part * 0.9 for part in ink)
    return {"accent": accent, "on_accent": on_accent, "accent_ink": _hex(ink)}
