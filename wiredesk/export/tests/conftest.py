"""Fixtures for export tests: the demo network exported into a temporary folder."""

import pytest

from wiredesk.export.render import Renderer
from wiredesk.export.runner import Options, export

from .helpers import Exported


@pytest.fixture
def export_into(tmp_path):
    """``export_into(**options)``: export to ``tmp_path/out`` in this process; returns the
    run's report (``.out`` is the folder)."""

    def run(**options):
        options.setdefault("jobs", 1)
        out = options.pop("out", tmp_path / "out")
        report = export(Options(out=out, **options))
        report.out = out
        return report

    return run


@pytest.fixture
def exported(demo_wire, export_into):
    """The demo network, with its sample wire published, exported once."""
    report = export_into()
    return Exported(report.out, report)


@pytest.fixture
def rendered(monkeypatch):
    """``(host, url)`` of every URL the export renders from now on."""
    seen = []
    original = Renderer.render

    def spy(self, host, url, use_ssi=None):
        seen.append((host, url))
        return original(self, host, url, use_ssi)

    monkeypatch.setattr(Renderer, "render", spy)
    return seen
