"""Sitemaps of each site on ``django.contrib.sitemaps``, and a Google News sitemap.

``/sitemap.xml`` is an index of the site's sitemaps: ``/sitemap-stories.xml`` (its stories,
in fixed pages by story id: ``?p=N`` holds the ids from ``(N - 1) * 5,000`` up to ``N * 5,000``,
oldest first) and ``/sitemap-pages.xml`` (the front and section pages). A new story (the
highest id) changes only the last page and its entry in the index; a story that changes or
goes away only its own page. ``/news-sitemap.xml`` lists the stories of the last 48 hours in
the ``news:`` namespace.

A sitemap's URLs must be on its own host and should be canonical, so a site's sitemaps list
the stories it shows whose canonical URL is its own (primary site this site, or none); a story
also placed on a sister site appears in its primary site's sitemaps. ``lastmod`` is when the
newest revision was stored (or the story published, when that came later).

The :class:`~django.contrib.sitemaps.Sitemap` classes make the URL lists; the views
write the XML themselves, so ``django.contrib.sitemaps`` need not be in ``INSTALLED_APPS``
(its views would look up the host through ``contrib.sites`` and render its own templates).
"""

import re
from datetime import UTC, timedelta
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from wiredesk.network.resolver import site_base_url
from wiredesk.stories.models import Revision

from . import queries
from .permalinks import story_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap
CONTENT_TYPE = "application/xml; charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


def w3c_datetime(moment) -> str:
    """``2023-10-24T18:00:00+00:00``: the W3C Datetime form sitemaps use, in UTC."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def news_language(code: str) -> str:
    """The ISO 639 code Google News expects: ``en-us`` -> ``en``; ``zh-cn``/``zh-tw`` kept."""
    code = (code or "en").strip().lower().replace("_", "-")
    return code if code in {"zh-cn", "zh-tw"} else code.partition("-")[0]


def canonical_stories(profile):
    """The site's visible stories whose canonical URL is on the site itself."""
    return queries.visible_stories(profile).filter(
        Q(primary_site=profile) | Q(primary_site__isnull=True)
    )


def latest(*moments):
    """The latest of ``moments`` that are not None (None if all are)."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


class SiteSitemap(Sitemap):
    """A sitemap of one network site; locations are paths on that site."""

    def __init__(self, profile):
        self.profile = profile


class CanonicalStories(SiteSitemap):
    """The stories the site is canonical for, each at its URL on the site."""

    def items(self):
        newest_revision = Revision.objects.filter(story=OuterRef("pk")).order_by("-number")
        return (
            canonical_stories(self.profile)
            .select_related(None)
            .annotate(revised_at=Subquery(newest_revision.values("created_at")[:1]))
            .only("pk", "slug", "headline", "published_at", "dated_at")
        )

    def location(self, story):
        return story_url(story, self.profile)

    def lastmod(self, story):
        return latest(story.revised_at, story.published_at)

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's URL dicts (``item``, ``location``, ``lastmod``; these sitemaps set no
        priority, change frequency or languages), and ``latest_lastmod`` when every URL has
        one, as Django's ``Sitemap.get_urls`` does; without its per-item lookups."""
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        urls = [
            {
                "item": story,
                "location": prefix + self.location(story),
                "lastmod": self.lastmod(story),
            }
            for story in self.paginator.page(page).object_list
        ]
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class IdPage(SimpleNamespace):
    """One page of :class:`IdPages` (``object_list``, ``number``)."""


class IdPages:
    """Pages of a queryset in fixed ranges of its ids, oldest first: page ``n`` holds the items
    whose id is in ``[(n - 1) * size, n * size)``, in id order. Page 1 always exists (empty if
    need be); a later page exists while it holds an item. ``page_range`` lists those pages."""

    def __init__(self, queryset, size: int):
        self.queryset = queryset.order_by("pk")
        self.size = size

    def number_of(self, pk: int) -> int:
        return pk // self.size + 1

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number) -> IdPage:
        number = self.validate_number(number)
        first = (number - 1) * self.size
        items = list(self.queryset.filter(pk__gte=first, pk__lt=first + self.size))
        if not items and number > 1:
            raise EmptyPage("That page contains no results")
        return IdPage(object_list=items, number=number)

    def numbers(self):
        """The queryset without order, its items annotated with ``page`` (their number)."""
        return self.queryset.order_by().values(page=F("pk") / self.size + 1)

    @cached_property
    def page_range(self) -> list[int]:
        """Page 1 and each later page that holds an item: one small query per range of ids
        (the database walks the ids of the range until one qualifies)."""
        model = self.queryset.model
        top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
        plain = self.queryset.order_by().values("pk")
        found = [
            number
            for number in range(2, self.number_of(top) + 1)
            if plain.filter(pk__gte=(number - 1) * self.size, pk__lt=number * self.size).exists()
        ]
        return [1, *found]


class StorySitemap(CanonicalStories):
    """Every story the site is canonical for, in fixed pages of ``page_ids`` story ids (at most
    50,000 URLs a page, the sitemap limit), oldest first."""

    page_ids = 5_000

    @cached_property
    def paginator(self) -> IdPages:
        return IdPages(self.items(), self.page_ids)

    @classmethod
    def page_of(cls, pk: int) -> int:
        """The page that lists (or would list) the story with id ``pk``."""
        return pk // cls.page_ids + 1

    def index_entries(self) -> list[tuple[int, object]]:
        """``[(page, lastmod)]``: each page with the latest lastmod of its stories."""
        rows = (
            IdPages(canonical_stories(self.profile), self.page_ids)
            .numbers()
            .annotate(revised=Max("revisions__created_at"), published=Max("published_at"))
            .values_list("page", "revised", "published")
        )
        found = {page: latest(revised, published) for page, revised, published in rows}
        return [(page, found.get(page)) for page in sorted(found.keys() | {1})]


class NewsSitemap(CanonicalStories):
    """The stories published in the last 48 hours, for Google News, newest first."""

    limit = NEWS_LIMIT

    def __init__(self, profile, now=None):
        super().__init__(profile)
        self.since = (now or timezone.now()) - NEWS_WINDOW

    def items(self):
        return super().items().filter(published_at__gte=self.since)


class PageSitemap(SiteSitemap):
    """The front page and the section pages; lastmod is their newest story's publication."""

    def items(self):
        return [None, *queries.site_sections(self.profile)]

    def location(self, section):
        return "/" if section is None else reverse("section", kwargs={"key": section.key})

    def lastmod(self, section):
        # the newest story first (nulls last): its publication is the latest; the static
        # export answers this slice from the newest stories it keeps for the run
        newest = list(queries.visible_stories(self.profile, section)[:1])
        return newest[0].published_at if newest else None

    def get_latest_lastmod(self):
        return self.lastmod(None)  # the front page shows the site's newest story

    def index_entries(self) -> list[tuple[int, object]]:
        return [(1, self.get_latest_lastmod())]


def site_sitemaps(profile) -> dict:
    """The sitemaps ``/sitemap.xml`` indexes, by the name in their URL."""
    return {"stories": StorySitemap(profile), "pages": PageSitemap(profile)}


# -- XML -------------------------------------------------------------------------------------


def _xml_response(write, lastmod=None) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPE)
    handler = SimplerXMLGenerator(response, "utf-8", short_empty_elements=True)
    handler.startDocument()
    write(handler)
    handler.endDocument()
    if lastmod is not None:
        response.headers["Last-Modified"] = http_date(lastmod.timestamp())
    return response


def write_index(handler, entries):
    handler.startElement("sitemapindex", {"xmlns": SITEMAP_NS})
    for location, lastmod in entries:
        handler.startElement("sitemap", {})
        handler.addQuickElement("loc", location)
        if lastmod is not None:
            handler.addQuickElement("lastmod", w3c_datetime(lastmod))
        handler.endElement("sitemap")
    handler.endElement("sitemapindex")


def _element(name: str, content) -> str:
    """``<name>content</name>`` exactly as ``SimplerXMLGenerator.addQuickElement`` writes it
    (``<name/>`` when empty; control characters refused the same way)."""
    if not content:
        return f"<{name}/>"
    if CONTROL_CHARACTERS.search(content):
        raise UnserializableContentError("Control characters are not supported in XML 1.0")
    return f"<{name}>{escape(content)}</{name}>"


def urlset_xml(urls, publication=None) -> bytes:
    """The ``<urlset>`` document for Django's URL dicts; with ``publication`` (``{"name",
    "language"}``) each story also gets its ``<news:news>`` block. Written as text in one
    go: byte for byte what ``SimplerXMLGenerator`` writes (a test pins it), several times
    faster for the thousands of URLs of a sitemap."""
    attrs = f' xmlns="{SITEMAP_NS}"'
    if publication is not None:
        attrs += f' xmlns:news="{NEWS_NS}"'
        news_head = (
            "<news:news><news:publication>"
            + _element("news:name", publication["name"])
            + _element("news:language", publication["language"])
            + "</news:publication>"
        )
    parts = [XML_DECLARATION]
    if not urls:
        parts.append(f"<urlset{attrs}/>")
    else:
        parts.append(f"<urlset{attrs}>")
        for url in urls:
            parts.append("<url>" + _element("loc", url["location"]))
            if url["lastmod"] is not None:
                parts.append(_element("lastmod", w3c_datetime(url["lastmod"])))
            if publication is not None:
                story = url["item"]
                parts.append(news_head)
                parts.append(_element("news:publication_date", w3c_datetime(story.published_at)))
                parts.append(_element("news:title", story.headline) + "</news:news>")
            parts.append("</url>")
        parts.append("</urlset>")
    return "".join(parts).encode("utf-8", "xmlcharrefreplace")


def _xml_bytes_response(content: bytes, lastmod=None) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    if lastmod is not None:
        response.headers["Last-Modified"] = http_date(lastmod.timestamp())
    return response


# -- views -----------------------------------------------------------------------------------


def _site(request):
    profile = getattr(request, "network_site", None)
    if profile is None:
        raise Http404("Sitemaps belong to a site, not to the network index.")
    return profile


def _urls(sitemap, request):
    """The URLs of the requested page (``?p=``) of ``sitemap`` on the site's base URL."""
    protocol, _, domain = site_base_url(sitemap.profile, request).partition("://")
    try:
        return sitemap.get_urls(
            page=request.GET.get("p", 1), site=SimpleNamespace(domain=domain), protocol=protocol
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page.") from error


@x_robots_tag
def index(request):
    """``/sitemap.xml``: each page of each of the site's sitemaps, with its lastmod."""
    profile = _site(request)
    base = site_base_url(profile, request)
    entries = []
    for name, sitemap in site_sitemaps(profile).items():
        location = base + reverse("sitemap-section", kwargs={"section": name})
        for page, lastmod in sitemap.index_entries():
            entries.append((location if page == 1 else f"{location}?p={page}", lastmod))
    newest = latest(*(lastmod for _, lastmod in entries))
    return _xml_response(lambda handler: write_index(handler, entries), newest)


@x_robots_tag
def section(request, section):
    """``/sitemap-<section>.xml[?p=N]``: one page of one of the site's sitemaps."""
    sitemap = site_sitemaps(_site(request)).get(section)
    if sitemap is None:
        raise Http404(f"No sitemap named {section!r}.")
    urls = _urls(sitemap, request)
    lastmod = getattr(sitemap, "latest_lastmod", None)
    return _xml_bytes_response(urlset_xml(urls), lastmod)


@x_robots_tag
def news(request):
    """``/news-sitemap.xml``: the site's stories of the last 48 hours, for Google News."""
    profile = _site(request)
    sitemap = NewsSitemap(profile)
    urls = _urls(sitemap, request)
    publication = {"name": profile.name, "language": news_language(profile.language)}
    lastmod = getattr(sitemap, "latest_lastmod", None)
    return _xml_bytes_response(urlset_xml(urls, publication), lastmod)
