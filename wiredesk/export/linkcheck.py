"""Check an export for broken internal links: every ``href`` and ``src`` of every exported
HTML page (after SSI expansion), every ``<loc>`` of its sitemaps and every feed's links to
the site must name a file the export holds."""

from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from . import paths, ssi

SKIP_FOLDERS = {".wiredesk-export", "nginx"}


def served_by_app() -> tuple[str, ...]:
    """Path prefixes the front server passes to ``wiredesk serve`` (docs/deploy.md): links
    there are the app's to answer, not files of the export."""
    from django.conf import settings

    archive = "/" + settings.WIREDESK_ARCHIVE_PATH.strip("/") + "/"
    return ("/search/", "/api/", "/desk/", "/admin/", "/topic/", "/agency/", archive)


@dataclass
class BrokenLink:
    page: str
    link: str

    def __str__(self):
        return f"{self.page}: {self.link}"


def hosts_of(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir() and p.name not in SKIP_FOLDERS}


def read_expanded(out: Path, host: str, relative: str) -> bytes:
    """An exported file with its SSI includes expanded from the export, as nginx serves it."""
    content = (out / host / relative).read_bytes()
    return ssi.expand(content, lambda url: (out / host / paths.file_for(url)).read_bytes())


def links_of(content: bytes, relative: str) -> list[str]:
    if relative.endswith(".html"):
        doc = lxml.html.fromstring(content)
        return [v for v in doc.xpath("//@href | //@src") if v]
    if relative.endswith(".xml"):
        root = lxml.etree.fromstring(content)
        found = [el.text for el in root.iter("{*}loc") if el.text]
        found += [el.get("href") for el in root.iter("{*}link") if el.get("href")]
        found += [el.text for el in root.iter("link") if el.text]
        return found
    return []


def check(out: Path) -> tuple[int, list[BrokenLink]]:
    """``(links checked, broken links)`` over the whole export in ``out``."""
    hosts = hosts_of(out)
    dynamic = served_by_app()
    broken, checked = [], 0
    for host in sorted(hosts):
        root = out / host
        for file in sorted(root.rglob("*")):
            if not file.is_file():
                continue
            relative = file.relative_to(root).as_posix()
            if relative.startswith("_fragments/"):
                continue  # checked inside the pages that include them
            content = read_expanded(out, host, relative)
            page_url = paths.url_of(relative)
            for link in links_of(content, relative):
                target = paths.resolve_href(host, page_url, link.strip(), hosts)
                if target is None:
                    continue
                checked += 1
                target_host, url = target
                if url.startswith(dynamic):
                    continue
                try:
                    exists = (out / target_host / paths.file_for(url)).is_file()
                except paths.UnmappableURL:
                    exists = False
                if not exists:
                    broken.append(BrokenLink(f"{host}{page_url}", link))
    return checked, broken
