"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of a site and of each of its sections, on Django's
syndication framework.

Each feed holds the site's (or section's) 30 newest visible stories, as
:func:`wiredesk.publish.queries.visible_stories` defines them, so embargoed, held, duplicate,
killed and expired stories never appear. An item links to the story's canonical URL (on its
primary site); its id is a ``tag:`` URI that does not change when the headline (and with it
the slug) does. URLs: ``/<sitekey>.xml``, ``/atom.xml``, ``/feed.json`` and
``/section/<key>/rss.xml``, ``.../atom.xml``, ``.../feed.json``.
"""

import re
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed, FeedDoesNotExist
from django.urls import reverse

from wiredesk.network.resolver import site_base_url
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision

from . import queries
from .feedgenerators import JsonFeed, StoryAtomFeed, StoryRssFeed, media_kind
from .permalinks import canonical_url
from .rights import allowed_in

FEED_SIZE = 30
# Subject codes such as ``medtop:13000000`` mean nothing to a reader; names are kept.
_SUBJECT_CODE = re.compile(r"^[\w-]+:[\w.-]*\d[\w.-]*$")


@dataclass
class FeedScope:
    """What one request's feed is about: a site, optionally one of its sections."""

    profile: object
    section: object
    request: object
    base_url: str


@dataclass
class FeedEntry:
    """A story with what its feed item shows, prepared in one pass by ``items()``."""

    story: object
    revision: object
    link: str
    guid: str
    section_name: str = ""
    media: list = field(default_factory=list)


def current_revisions(stories) -> dict:
    """``{story id: newest revision}`` for ``stories``, in one query."""
    newest = {}
    revisions = Revision.objects.filter(story__in=[s.pk for s in stories]).order_by(
        "story_id", "-number"
    )
    for revision in revisions:
        newest.setdefault(revision.story_id, revision)
    return newest


def section_names(stories, profile) -> dict:
    """``{story id: name of its section on profile's site}`` for ``stories``, in one query."""
    placements = Placement.objects.filter(
        story__in=[s.pk for s in stories], site=profile, state=PlacementState.PUBLISHED
    ).select_related("section")
    return {p.story_id: p.section.name for p in placements if p.section is not None}


def web_media(revision) -> list:
    """The revision's media with an http(s) URL (anything else is dropped)."""
    return [
        media
        for media in revision.media or ()
        if isinstance(media, dict) and str(media.get("url", "")).startswith(("http://", "https://"))
    ]


def byline_name(revision, agency) -> str:
    """Who wrote it, without a leading ``by``: the revision's byline, else the agency's."""
    name = (revision.byline or "").strip() or ((agency.byline or agency.name) if agency else "")
    return name[3:].strip() if name.lower().startswith("by ") else name


def rights_notice(story, revision) -> str:
    """The agency's rights notice, else the one that came with the item (as on the page)."""
    return (story.agency.rights_notice if story.agency else "") or revision.rights or ""


def story_tag_uri(story, fallback_profile) -> str:
    """A ``tag:`` URI (RFC 4151) naming the story for good: its primary site's domain, the day
    the wire item was first dated, and its id."""
    profile = story.primary_site or fallback_profile
    return f"tag:{profile.domain},{story.dated_at:%Y-%m-%d}:story:{story.pk}"


class StoryFeed(Feed):
    """RSS 2.0. The Atom and JSON Feed views below differ only in their generator."""

    feed_type = StoryRssFeed

    def get_object(self, request, sitekey=None, key=None):
        profile = getattr(request, "network_site", None)
        if profile is None or (sitekey is not None and sitekey != profile.key):
            raise FeedDoesNotExist
        section = None
        if key is not None:
            section = queries.find_section(profile, key)
            if section is None:
                raise FeedDoesNotExist
        return FeedScope(profile, section, request, site_base_url(profile, request))

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.profile.language or "en"
        return feed

    # -- the feed ----------------------------------------------------------------------------

    def title(self, obj):
        if obj.section is not None:
            return f"{obj.section.name} - {obj.profile.name}"
        return obj.profile.name

    def description(self, obj):
        site = obj.profile.description or obj.profile.tagline or obj.profile.name
        return (obj.section.description if obj.section is not None else "") or site

    def link(self, obj):
        if obj.section is not None:
            return obj.base_url + reverse("section", kwargs={"key": obj.section.key})
        return obj.base_url + "/"

    def feed_url(self, obj):
        return obj.base_url + obj.request.path

    def author_name(self, obj):
        return obj.profile.name

    def items(self, obj):
        stories = list(
            allowed_in(queries.visible_stories(obj.profile, obj.section), "feeds").select_related(
                "agency"
            )[:FEED_SIZE]
        )
        revisions = current_revisions(stories)
        if obj.section is not None:
            names = dict.fromkeys((s.pk for s in stories), obj.section.name)
        else:
            names = section_names(stories, obj.profile)
        return [
            FeedEntry(
                story=story,
                revision=revisions[story.pk],
                link=canonical_url(story, obj.request, fallback=obj.profile),
                guid=story_tag_uri(story, obj.profile),
                section_name=names.get(story.pk, ""),
                media=web_media(revisions[story.pk]),
            )
            for story in stories
            if story.pk in revisions
        ]

    # -- each item ---------------------------------------------------------------------------

    def item_title(self, entry):
        return entry.revision.headline

    def item_description(self, entry):
        return entry.revision.summary or None

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry.story.published_at or entry.story.dated_at

    def item_updateddate(self, entry):
        dates = [entry.story.modified_at, self.item_pubdate(entry)]
        return max(d for d in dates if d is not None)

    def item_author_name(self, entry):
        return byline_name(entry.revision, entry.story.agency) or None

    def item_categories(self, entry):
        subjects = [
            s.strip()
            for s in entry.revision.subjects or ()
            if isinstance(s, str) and s.strip() and not _SUBJECT_CODE.match(s.strip())
        ]
        return list(dict.fromkeys(([entry.section_name] if entry.section_name else []) + subjects))

    def item_copyright(self, entry):
        return rights_notice(entry.story, entry.revision) or None

    def item_extra_kwargs(self, entry):
        pictures = [m["url"] for m in entry.media if media_kind(m) == "image"]
        return {
            "content_html": entry.revision.body_html,
            "media": entry.media,
            "image": pictures[0] if pictures else None,
        }


class AtomStoryFeed(StoryFeed):
    feed_type = StoryAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class JsonStoryFeed(StoryFeed):
    feed_type = JsonFeed


rss_feed = StoryFeed()
atom_feed = AtomStoryFeed()
json_feed = JsonStoryFeed()
