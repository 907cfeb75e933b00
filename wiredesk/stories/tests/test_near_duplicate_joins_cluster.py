"""Another agency's copy of a story joins its cluster and is not published twice."""

import pytest

from wiredesk.conftest import DEMO_WIRE
from wiredesk.ingest.models import Source
from wiredesk.ingest.pipeline import ingest_files
from wiredesk.stories.models import Story, StoryState

AFP_GUID = "urn:newsml:afp.com:20261124:demo-0006"
UPI_GUID = "urn:upi.com:demo:20261124:south-china-sea-drills"
AFP_FILE = DEMO_WIRE / "afp" / "20261124-south-china-sea-naval-drills.xml"
UPI_FILE = DEMO_WIRE / "upi" / "feed.xml"


@pytest.mark.parametrize("order", ["afp-first", "upi-first"])
def test_preferred_agency_is_canonical_whatever_the_order(demo_network, order):
    afp, upi = Source.objects.get(name="afp-wire"), Source.objects.get(name="upi-wire")
    steps = [(afp, AFP_FILE), (upi, UPI_FILE)]
    if order == "upi-first":
        steps.reverse()
    for source, path in steps:
        ingest_files(source, [path])

    afp_story = Story.objects.get(external_id=AFP_GUID)
    upi_story = Story.objects.get(external_id=UPI_GUID)
    assert afp_story.cluster_id is not None and afp_story.cluster_id == upi_story.cluster_id
    assert afp_story.cluster.canonical_id == afp_story.pk
    assert afp_story.state == StoryState.PUBLISHED
    assert upi_story.state == StoryState.DUPLICATE
    live = Story.objects.live().filter(cluster=afp_story.cluster)
    assert list(live) == [afp_story]


def test_unrelated_stories_stay_apart(demo_wire):
    clustered = Story.objects.exclude(cluster=None)
    assert clustered.count() == 2
