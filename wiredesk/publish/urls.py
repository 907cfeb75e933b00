"""Public URLs. Article paths follow each site's permalink pattern, ``/PREFIX/{slug}_{id}.html``
or ``/{slug}_{id}.html``; the view checks that the prefix is the site's own."""

import re

from django.conf import settings
from django.urls import include, path, re_path

from . import feeds, listings, robots, sitemaps, views

ARCHIVE = settings.WIREDESK_ARCHIVE_PATH.strip("/")  # "yesterday"

urlpatterns = [
    path("", views.front, name="front"),
    path("search/", include("wiredesk.search.urls")),
    path("api/", include("wiredesk.publish.api.urls")),
    path("_fragments/", include("wiredesk.publish.fragment_urls")),
    path("section/<slug:key>/", views.section, name="section"),
    path(f"{ARCHIVE}/", listings.archive_index, name="archive-index"),
    re_path(
        rf"^{re.escape(ARCHIVE)}/(?P<sitekey>[-\w]+)-(?P<day>\d{{4}}-\d{{2}}-\d{{2}})\.html$",
        listings.archive_day,
        name="archive-day",
    ),
    path("topic/<slug:slug>/", listings.topic, name="topic"),
    path("agency/<slug:key>/", listings.agency, name="agency"),
    path("<str:prefix>/<str:slug>_<int:id>.html", views.article, name="article"),
    path("<str:slug>_<int:id>.html", views.article, name="article-root"),
    # machine-readable outputs (feeds.py, sitemaps.py, robots.py); the site's RSS feed,
    # /<sitekey>.xml, comes last so that it cannot shadow the other .xml files
    path("robots.txt", robots.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("news-sitemap.xml", sitemaps.news, name="news-sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("atom.xml", feeds.atom_feed, name="feed-atom"),
    path("feed.json", feeds.json_feed, name="feed-json"),
    path("section/<slug:key>/rss.xml", feeds.rss_feed, name="section-feed-rss"),
    path("section/<slug:key>/atom.xml", feeds.atom_feed, name="section-feed-atom"),
    path("section/<slug:key>/feed.json", feeds.json_feed, name="section-feed-json"),
    path("<slug:sitekey>.xml", feeds.rss_feed, name="feed-rss"),
]
