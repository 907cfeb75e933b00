"""An ``--incremental`` run that has to render everything (the network changed) still leaves
the signatures of every story behind, so the next incremental run is small again."""

from wiredesk.network.models import SiteProfile

from .helpers import add_story


def test_after_a_full_fallback_the_next_run_is_incremental(exported, export_into):
    profile = SiteProfile.objects.get(key="spacedaily")
    profile.tagline = profile.tagline + " (changed)"
    profile.save()
    fallback = export_into(incremental=True)
    assert fallback.mode.startswith("full"), fallback.mode
    assert fallback.written > 0  # every spacedaily page shows the tagline
    add_story("spacedaily", "Invented lander finds an invented crater", "astronomy")
    report = export_into(incremental=True)
    assert report.mode == "incremental"
    assert report.rendered < fallback.rendered / 4, (report.rendered, fallback.rendered)
    assert 0 < report.written <= 50
