"""Newer versions of a wire item become revisions of one story (or kill it).

Real files come from ../shared/data (the ``shared_data`` fixture skips when it is absent).
"""

from pathlib import Path

import pytest

from wiredesk.ingest.models import Source
from wiredesk.ingest.pipeline import ingest_files
from wiredesk.stories.models import Story

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"
REUTERS = "tag_reuters.com_2016_newsml_L1N14N0FF_version_{}"


def _source(tmp_path: Path, name: str) -> Source:
    return Source.objects.create(name=name, location=str(tmp_path))


@pytest.mark.django_db
def test_reuters_newsml_g2_versions_end_in_a_kill(shared_data, tmp_path):
    folder = shared_data / FIXTURES
    older, newer = folder / REUTERS.format(978556838), folder / REUTERS.format(1542761538)
    report = ingest_files(_source(tmp_path, "reuters"), [older, newer])
    # The newer Reuters version has pubStatus "canceled": it is the agency's kill notice,
    # so the story is killed rather than given a second revision.
    [story] = Story.objects.all()
    assert story.external_id == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert story.state == "killed"
    assert story.revisions.count() == 1
    assert story.current_version == "978556838"
    assert (report.new, report.failed) == (1, 0)


@pytest.mark.django_db
def test_real_ap_anpa_files_are_one_story_per_slug(shared_data, tmp_path):
    # The seven AP ANPA files are seven different stories (no two share a slug): each
    # becomes its own story; none is merged into another by the write-thru rule.
    files = sorted((shared_data / FIXTURES).glob("ap_anpa-*.tst"))
    assert len(files) == 7
    report = ingest_files(_source(tmp_path, "ap-anpa"), files)
    assert report.failed == 0
    assert Story.objects.count() == 7
    assert Story.objects.filter(external_id__startswith="anpa:").count() == 7


def _write_thru(real: bytes, designator: str, paragraph: str) -> bytes:
    """The real ap_anpa-3 message re-slugged as the original or a later write-thru."""
    compact = designator.replace(" ", "")
    header = f" {compact} " if compact else " "
    keyword = f", {designator}," if designator else ","
    data = real.replace(b" 1stLd-Writethru ", header.encode())
    data = data.replace(b", 1st Ld-Writethru,", keyword.encode())
    return data.replace(b"A lobster died.", paragraph.encode())


@pytest.mark.django_db
def test_ap_anpa_write_thrus_become_revisions_of_one_story(shared_data, tmp_path):
    # The fixtures hold no write-thru sequence, so one real message is re-slugged at run
    # time as the original, the 1st and the 2nd Ld-Writethru of one story.
    real = (shared_data / FIXTURES / "ap_anpa-3.tst").read_bytes()
    versions = [
        ("", "First take."),
        ("1st Ld-Writethru", "Updated."),
        ("2nd Ld-Writethru", "Again."),
    ]
    files = []
    for number, (designator, paragraph) in enumerate(versions):
        path = tmp_path / f"take-{number}.tst"
        path.write_bytes(_write_thru(real, designator, paragraph))
        files.append(path)
    source = _source(tmp_path, "ap-writethru")
    report = ingest_files(source, files)
    assert (report.new, report.updated, report.failed) == (1, 2, 0)
    [story] = Story.objects.all()
    assert story.external_id == "anpa:usgiantlobsterdeath:2016-08-29"
    assert story.revisions.count() == 3
    assert story.current_version == "2"
    # An older write-thru arriving late is not a new revision.
    late = ingest_files(source, [files[1]])
    assert late.updated == 0 and story.revisions.count() == 3


@pytest.mark.django_db
def test_afp_newsml12_items_are_single_revisions(shared_data, tmp_path):
    # The AFP fixtures are two different items (revision 1 each), not two revisions of one:
    # each is its own story with one revision. Revisions sharing an id are covered with
    # built documents in parsers/tests/test_newsml12_fields.py.
    folder = shared_data / FIXTURES
    report = ingest_files(_source(tmp_path, "afp"), [folder / "afp.xml", folder / "afp20.xml"])
    assert (report.new, report.failed) == (2, 0)
    assert sorted(Story.objects.values_list("revision_count", flat=True)) == [1, 1]
    assert all(s.external_id.startswith("urn:newsml:afp.com:") for s in Story.objects.all())
