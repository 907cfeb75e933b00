"""Server Side Includes: the directive exported pages carry, and a small expander.

An exported article page holds ``<!--# include virtual="/_fragments/<site>/article-boxes.html"
-->`` where the live server inlines the site's headline boxes; nginx (``ssi on``) replaces it
with the fragment file. :func:`expand` does the same in Python, so tests can compare an
exported page with what the server renders for its URL (pure; no Django).
"""

import re
from collections.abc import Callable

DIRECTIVE = re.compile(rb'<!--#\s*include\s+virtual="([^"]+)"\s*-->')


def include(url: str) -> str:
    """The directive that includes the file at site path ``url``."""
    if '"' in url or not url.startswith("/"):
        raise ValueError(f"not an includable site path: {url!r}")
    return f'<!--# include virtual="{url}" -->'


def includes(content: bytes) -> list[str]:
    """The site paths ``content`` includes, in order."""
    return [match.group(1).decode() for match in DIRECTIVE.finditer(content)]


def expand(content: bytes, read: Callable[[str], bytes], depth: int = 0) -> bytes:
    """``content`` with every include replaced by ``read(url)`` (itself expanded, as nginx
    does, up to a few levels)."""
    if depth > 5:
        raise ValueError("SSI includes nested too deeply")
    return DIRECTIVE.sub(
        lambda match: expand(read(match.group(1).decode()), read, depth + 1), content
    )
