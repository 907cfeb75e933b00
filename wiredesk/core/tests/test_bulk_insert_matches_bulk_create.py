"""``core.bulk.insert`` stores exactly the rows ``bulk_create`` would, and sets their ids."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from wiredesk.core import bulk
from wiredesk.ingest.models import Source
from wiredesk.network.models import Agency
from wiredesk.publish.tests.factories import make_site
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, Story, StoryState

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _story(source, agency, number: int, prefix: str = "fast") -> Story:
    return Story(
        source=source,
        external_id=f"{prefix}-{number}",
        agency=agency,
        headline=f"Headline {number} with 'quotes' and ünïcode",
        slug=f"headline-{number}",
        revision_count=1,
        dated_at=WHEN.astimezone(timezone(timedelta(hours=5))) if number % 3 else WHEN,
        created_at=WHEN,
        updated_at=WHEN,
        embargo_until=WHEN if number % 2 else None,
        fingerprint=bytes(range(number % 7, number % 7 + 16)),
        state=StoryState.KILLED if number == 3 else StoryState.INCOMING,
    )


def _row(obj, exclude=("id", "external_id", "story_id")) -> dict:
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in exclude
    }


def test_rows_and_ids_match_bulk_create():
    source = Source.objects.create(name="wire", location="/tmp/wire", enabled=False)
    agency = Agency.objects.create(key="AFP", name="Agence France-Presse")
    fast = bulk.insert([_story(source, agency, n) for n in range(250)])
    slow = Story.objects.bulk_create(_story(source, agency, n, "slow") for n in range(250))

    assert [s.pk for s in fast] == sorted(s.pk for s in fast)
    for story in fast:
        assert not story._state.adding
        stored = Story.objects.get(pk=story.pk)
        assert stored.external_id == story.external_id  # each id is its own row's
    for mine, theirs in zip(fast, slow, strict=True):
        assert _row(Story.objects.get(pk=mine.pk)) == _row(Story.objects.get(pk=theirs.pk))
    assert Story.objects.get(pk=fast[1].pk).dated_at == WHEN  # stored in UTC, read back aware


def test_json_fields_and_foreign_keys_assigned_before_save():
    source = Source.objects.create(name="wire", location="/tmp/wire", enabled=False)
    site = make_site("spacewar", "SpaceWar")
    story = _story(source, None, 1)
    revision = Revision(story=story, number=1, headline="h", body_html="<p>b</p>")
    revision.subjects = ["medtop:20000763", "ünïcode"]
    revision.media = [{"url": "https://example.test/a.jpg", "type": "image/jpeg"}]
    bulk.insert([story])  # the revision was made before the story had an id
    bulk.insert([revision])
    placement = Placement(
        story=story, site=site, state=PlacementState.PUBLISHED, decided_by="rule:x"
    )
    placement.reasons = ["keyword 'missile'"]
    bulk.insert([placement])

    stored = Revision.objects.get(pk=revision.pk)
    assert stored.story_id == story.pk
    assert stored.subjects == ["medtop:20000763", "ünïcode"]
    assert stored.media[0]["type"] == "image/jpeg"
    assert Placement.objects.get(pk=placement.pk).reasons == ["keyword 'missile'"]


def test_nothing_to_insert():
    assert bulk.insert([]) == []
