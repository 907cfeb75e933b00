"""Where each URL of a site lives in the export, and back (pure; no Django).

A site's files go under ``DIR/<host>/`` (its domain; ``localhost`` holds the network index),
mirroring its URLs:

============================================  ===========================================
URL                                           file under ``DIR/<host>/``
============================================  ===========================================
``/``, ``/section/space/``                    ``index.html``, ``section/space/index.html``
``/section/space/?page=3``                    ``section/space/page-3.html``
``/sitemap-stories.xml?p=2`` (past 50,000)    ``sitemap-stories-p2.xml``
``/reports/Some_story_42.html``, feeds, ...   the same path
============================================  ===========================================

The nginx configuration in docs/deploy.md maps ``?page=N`` and ``?p=N`` the same way.
"""

from urllib.parse import parse_qsl, urlsplit

INDEX = "index.html"
QUERY_KEYS = ("page", "p")


class UnmappableURL(ValueError):
    """A URL with a query the export cannot store as a file."""


def split_url(url: str) -> tuple[str, dict[str, str]]:
    """``(path, {query key: value})`` of a site-relative URL."""
    parts = urlsplit(url)
    return parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


def file_for(url: str) -> str:
    """The file (relative to the host folder, ``/``-separated) that holds ``url``."""
    path, query = split_url(url)
    if not path.startswith("/") or any(part in ("..", ".") for part in path.split("/")):
        raise UnmappableURL(f"not a clean site path: {url!r}")
    unknown = set(query) - set(QUERY_KEYS)
    if unknown or len(query) > 1:
        raise UnmappableURL(f"query {sorted(query)} of {url!r} has no file form")
    relative = path.lstrip("/")
    if "page" in query:
        number = _number(query["page"], url)
        if not path.endswith("/"):
            raise UnmappableURL(f"?page= only on folder URLs: {url!r}")
        return f"{relative}page-{number}.html"
    if "p" in query:
        number = _number(query["p"], url)
        stem, dot, ext = relative.rpartition(".")
        if not dot or "/" in ext:
            raise UnmappableURL(f"?p= only on files with an extension: {url!r}")
        return relative if number == 1 else f"{stem}-p{number}.{ext}"
    if path.endswith("/"):
        return relative + INDEX
    return relative


def _number(value: str, url: str) -> int:
    if not value.isdigit() or value.startswith("0"):
        raise UnmappableURL(f"page number {value!r} of {url!r} is not a positive integer")
    return int(value)


def url_of(host_relative_file: str) -> str:
    """The URL a file of the export answers (the inverse of :func:`file_for`)."""
    name = host_relative_file.lstrip("/")
    folder, _, base = name.rpartition("/")
    prefix = f"/{folder}/" if folder else "/"
    if base == INDEX:
        return prefix
    if base.startswith("page-") and base.endswith(".html") and base[5:-5].isdigit():
        return f"{prefix}?page={base[5:-5]}"
    stem, dot, ext = base.rpartition(".")
    head, sep, number = stem.rpartition("-p")
    if dot and sep and number.isdigit() and head.startswith("sitemap"):
        return f"{prefix}{head}.{ext}?p={number}"
    return prefix + base


def resolve_href(page_host: str, page_url: str, href: str, hosts) -> tuple[str, str] | None:
    """``(host, site-relative URL)`` that an ``href``/``src`` on ``page_url`` of ``page_host``
    points to, when it stays in the export (relative, or absolute on one of ``hosts``); None
    for other hosts and schemes and for bare fragments (``#main``)."""
    parts = urlsplit(href)
    host = page_host
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or (parts.hostname or "") not in hosts:
            return None
        host = parts.hostname
    elif not parts.path and not parts.query:
        return None
    base_path, _ = split_url(page_url)
    if parts.path.startswith("/"):
        path = parts.path
    elif parts.path:
        path = base_path.rpartition("/")[0] + "/" + parts.path
    elif parts.netloc:
        path = "/"
    else:
        path = base_path
    return host, path + (f"?{parts.query}" if parts.query else "")
