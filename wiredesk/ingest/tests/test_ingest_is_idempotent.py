"""Ingesting the same bytes twice changes nothing."""

from wiredesk.ingest.models import Source
from wiredesk.ingest.polling import poll
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story


def test_second_ingest_of_the_same_wire_changes_nothing(demo_wire):
    first = {name: (r.new, r.updated, r.duplicate) for name, r in demo_wire.items()}
    assert sum(new for new, _, _ in first.values()) >= 40
    counts = (Story.objects.count(), Revision.objects.count(), Placement.objects.count())

    for source in Source.objects.exclude(location__startswith="http"):
        report = poll(source)
        assert (report.new, report.updated, report.duplicate, report.failed) == (0, 0, 0, 0)
        assert report.unchanged > 0

    assert (Story.objects.count(), Revision.objects.count(), Placement.objects.count()) == counts
