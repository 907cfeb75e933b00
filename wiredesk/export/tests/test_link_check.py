"""A link check over the export: every internal href and src (and sitemap location) of every
exported page names a file the export holds."""

from wiredesk.export import linkcheck


def test_the_export_has_no_broken_internal_link(exported):
    checked, broken = linkcheck.check(exported.out)
    assert checked > 2000
    assert broken == [], "\n".join(str(b) for b in broken[:20])


def test_a_missing_file_is_reported(exported):
    (exported.out / "www.spacewar.com" / "section" / "nuclear" / "index.html").unlink()
    _, broken = linkcheck.check(exported.out)
    assert broken and all(b.link.endswith(("/section/nuclear/", "nuclear/")) for b in broken)
