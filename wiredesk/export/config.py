"""A signature of everything besides stories that shapes the export: the network's sites,
sections, boxes, ad zones and agencies, the publish app's templates and static files, and the
export's own options. When it changes, an incremental run renders everything again (writing
only the files whose content changed). Python code is not part of it: after upgrading
wiredesk, run a full export (docs/export.md)."""

import hashlib
from pathlib import Path

from django.contrib.sites.models import Site

from wiredesk.network.models import AdZone, Agency, HeadlineBox, Section, SiteProfile

PUBLISH_DIR = Path(__file__).resolve().parent.parent / "publish"
SOURCE_FOLDERS = ("jinja2", "static")


def signature(**options) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(sorted(options.items())).encode())
    for model in (Site, SiteProfile, Section, HeadlineBox, AdZone, Agency):
        rows = list(model.objects.order_by("pk").values_list())
        digest.update(f"{model._meta.label}:{rows!r}".encode())
    for folder in SOURCE_FOLDERS:
        for path in sorted((PUBLISH_DIR / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(PUBLISH_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
