"""Helpers for export tests: read an export, add a story the way ingest leaves one."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.test import Client
from django.utils import timezone

from wiredesk.export import linkcheck, paths
from wiredesk.ingest.models import Source
from wiredesk.network.models import Section, SiteProfile
from wiredesk.publish.permalinks import story_url
from wiredesk.publish.slugs import slugify_headline
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story, StoryState

SKIPPED = ("_fragments/", "_errors/", "static/")


@dataclass
class Exported:
    out: Path
    report: object

    def pages(self):
        """``(host, file relative to the host folder, URL)`` of every page, feed and sitemap
        (not fragments, error pages or static files)."""
        for host in sorted(linkcheck.hosts_of(self.out)):
            for file in sorted((self.out / host).rglob("*")):
                relative = file.relative_to(self.out / host).as_posix()
                if file.is_file() and not relative.startswith(SKIPPED):
                    yield host, relative, paths.url_of(relative)

    def expanded(self, host, relative) -> bytes:
        return linkcheck.read_expanded(self.out, host, relative)

    def file(self, host, url) -> Path:
        return self.out / host / paths.file_for(url)


def server_get(host, url, scheme="https"):
    return Client().get(url, HTTP_HOST=host, secure=scheme == "https")


def add_story(site_key, headline, section_key=None, minutes_ago=0):
    """A published story placed on one site (its primary site), newest of all."""
    site = SiteProfile.objects.get(key=site_key)
    section = Section.objects.get(site=site, key=section_key) if section_key else None
    source = Source.objects.filter(agency__isnull=False).first()
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    story = Story.objects.create(
        source=source,
        external_id=f"export-test-{slugify_headline(headline)}",
        agency=source.agency,
        headline=headline,
        slug=slugify_headline(headline),
        state=StoryState.PUBLISHED,
        primary_site=site,
        dated_at=moment,
        published_at=moment,
        modified_at=moment,
        revision_count=1,
    )
    Revision.objects.create(
        story=story,
        number=1,
        content_hash=f"export-test-{story.pk}",
        headline=headline,
        body_html="<p>An invented paragraph for the export tests.</p>",
        summary="An invented summary.",
    )
    Placement.objects.create(
        story=story, site=site, section=section, is_primary=True, decided_by="test"
    )
    return story


def article_url(story, site_key):
    return story_url(story, SiteProfile.objects.get(key=site_key))
