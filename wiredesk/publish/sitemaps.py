"""Sitemaps of each site on ``django.contrib.sitemaps``, and a Google News sitemap.

``/sitemap.xml`` is an index of the site's sitemaps: ``/sitemap-stories.xml`` (its stories,
``?p=2`` and on past 50,000 URLs) and ``/sitemap-pages.xml`` (the front and section pages).
``/news-sitemap.xml`` lists the stories of the last 48 hours in the ``news:`` namespace.

A sitemap's URLs must be on its own host and should be canonical, so a site's sitemaps list
the stories it shows whose canonical URL is its own (primary site this site, or none); a story
also placed on a sister site appears in its primary site's sitemaps. ``lastmod`` is when the
newest revision was stored (or the story published, when that came later).

The :class:`~django.contrib.sitemaps.Sitemap` classes do the paging and URL lists; the views
write the XML themselves, so ``django.contrib.sitemaps`` need not be in ``INSTALLED_APPS``
(its views would look up the host through ``contrib.sites`` and render its own templates).
"""

from datetime import UTC, timedelta
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.xmlutils import SimplerXMLGenerator

from wiredesk.network.resolver import site_base_url
from wiredesk.stories.models import Revision

from . import queries
from .permalinks import story_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap
CONTENT_TYPE = "application/xml; charset=utf-8"


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


class StorySitemap(SiteSitemap):
    """Every story the site is canonical for, newest first, 50,000 a page."""

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

    def get_latest_lastmod(self):
        found = canonical_stories(self.profile).aggregate(
            revised=Max("revisions__created_at"), published=Max("published_at")
        )
        return latest(found["revised"], found["published"])


class NewsSitemap(StorySitemap):
    """The stories published in the last 48 hours, for Google News."""

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
        stories = queries.visible_stories(self.profile, section)
        return stories.aggregate(newest=Max("published_at"))["newest"]

    def get_latest_lastmod(self):
        return self.lastmod(None)  # the front page shows the site's newest story


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


def write_urlset(handler, urls, publication=None):
    """``<urlset>`` for Django's URL dicts; with ``publication`` (``{"name", "language"}``)
    each story also gets its ``<news:news>`` block."""
    attrs = {"xmlns": SITEMAP_NS}
    if publication is not None:
        attrs["xmlns:news"] = NEWS_NS
    handler.startElement("urlset", attrs)
    for url in urls:
        handler.startElement("url", {})
        handler.addQuickElement("loc", url["location"])
        if url["lastmod"] is not None:
            handler.addQuickElement("lastmod", w3c_datetime(url["lastmod"]))
        if publication is not None:
            story = url["item"]
            handler.startElement("news:news", {})
            handler.startElement("news:publication", {})
            handler.addQuickElement("news:name", publication["name"])
            handler.addQuickElement("news:language", publication["language"])
            handler.endElement("news:publication")
            handler.addQuickElement("news:publication_date", w3c_datetime(story.published_at))
            handler.addQuickElement("news:title", story.headline)
            handler.endElement("news:news")
        handler.endElement("url")
    handler.endElement("urlset")


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
    """``/sitemap.xml``: each of the site's sitemaps, one entry per page of 50,000 URLs."""
    profile = _site(request)
    base = site_base_url(profile, request)
    entries = []
    for name, sitemap in site_sitemaps(profile).items():
        location = base + reverse("sitemap-section", kwargs={"section": name})
        lastmod = sitemap.get_latest_lastmod()
        for page in sitemap.paginator.page_range:
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
    return _xml_response(lambda handler: write_urlset(handler, urls), lastmod)


@x_robots_tag
def news(request):
    """``/news-sitemap.xml``: the site's stories of the last 48 hours, for Google News."""
    profile = _site(request)
    sitemap = NewsSitemap(profile)
    urls = _urls(sitemap, request)
    publication = {"name": profile.name, "language": news_language(profile.language)}
    lastmod = getattr(sitemap, "latest_lastmod", None)
    return _xml_response(lambda handler: write_urlset(handler, urls, publication), lastmod)
