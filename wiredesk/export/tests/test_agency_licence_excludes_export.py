"""An agency whose licence does not allow the static export (``outputs`` without ``export``)
has no article in the export and no link to one, while the live site still shows it."""

from wiredesk.export import linkcheck, paths
from wiredesk.network.models import Agency

from .helpers import add_story, article_url, server_get


def test_a_story_outside_the_licence_is_not_exported(demo_wire, export_into):
    story = add_story("spacedaily", "Invented story under a web-only licence", "astronomy")
    Agency.objects.filter(pk=story.agency_id).update(outputs=["web", "feeds", "api"])
    Agency.objects.get(pk=story.agency_id).save()  # bumps the network generation

    report = export_into()

    url = article_url(story, "spacedaily")
    assert not (report.out / "www.spacedaily.com" / paths.file_for(url)).exists()
    Agency.objects.filter(pk=story.agency_id).update(outputs=["web", "feeds", "api", "export"])
    Agency.objects.get(pk=story.agency_id).save()
    again = export_into(out=report.out.parent / "again")
    assert (again.out / "www.spacedaily.com" / paths.file_for(url)).is_file()
    front = (report.out / "www.spacedaily.com" / "index.html").read_text()
    assert "Invented story under a web-only licence" not in front
    checked, broken = linkcheck.check(report.out)
    assert checked and not broken
    live = server_get("www.spacedaily.com", url)
    assert live.status_code == 200
