"""A newer version of an item becomes a new revision of the same story at the same URL."""

import pytest

from wiredesk.conftest import DEMO_WIRE
from wiredesk.ingest.models import Source
from wiredesk.ingest.pipeline import ingest_files
from wiredesk.stories.models import Story

GUID = "urn:newsml:afp.com:20261123:demo-mali-base"
V1 = DEMO_WIRE / "afp" / "20261123-mali-army-base-attack-v1.xml"
V2 = DEMO_WIRE / "afp" / "20261123-mali-army-base-attack-v2.xml"


@pytest.fixture
def afp(demo_network):
    return Source.objects.get(name="afp-wire")


def test_version_two_is_a_second_revision_at_the_same_url(afp, client):
    ingest_files(afp, [V1])
    story = Story.objects.get(external_id=GUID)
    url = f"/reports/{story.slug}_{story.pk}.html"
    first_headline = story.headline

    report = ingest_files(afp, [V2])
    assert report.updated == 1
    story.refresh_from_db()
    assert Story.objects.filter(external_id=GUID).count() == 1
    assert story.revision_count == 2 and story.is_updated
    assert story.current_version == "2"
    assert story.headline != first_headline
    assert [r.number for r in story.revisions.all()] == [1, 2]

    page = client.get(url, HTTP_HOST=f"{story.primary_site.key}.localhost")
    assert page.status_code == 200
    assert story.headline in page.content.decode()
    assert "Updated" in page.content.decode()


def test_an_older_version_after_a_newer_one_changes_nothing(afp):
    ingest_files(afp, [V2])
    report = ingest_files(afp, [V1])
    assert (report.new, report.updated) == (0, 0)
    story = Story.objects.get(external_id=GUID)
    assert story.revision_count == 1 and story.current_version == "2"
