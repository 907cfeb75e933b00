from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiredesk.core.progress import progress_bar
from wiredesk.ingest.hotfolder import DONE, FAILED
from wiredesk.ingest.models import Source
from wiredesk.ingest.parallel import ingest_many
from wiredesk.ingest.pipeline import BatchReport, expand_paths
from wiredesk.ingest.polling import ingest_url

AD_HOC_SOURCE = "command-line"


class Command(BaseCommand):
    help = (
        "Ingest files, folders or URLs once: parse every item, store new stories and revisions, "
        "route them, and print new / updated / duplicate / unchanged / rejected / failed "
        "counts.\n\n"
        "Examples:\n"
        "  wiredesk ingest wire/afp/            every file under a folder\n"
        "  wiredesk ingest item.xml --source afp-wire\n"
        "  wiredesk ingest https://example.com/feed.xml --source example"
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--source",
            help="Name of the source the items belong to (default: the source whose location "
            f"contains the path, else an ad-hoc '{AD_HOC_SOURCE}' source).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="Processes that read, parse and normalise files while this one stores them "
            "(0: everything in this process; default: one less than the CPUs, at most 4). Files "
            "are stored in the same order either way.",
        )

    def handle(self, *args, targets, source=None, no_progress=False, workers=None, **options):
        named = None
        if source:
            named = Source.objects.filter(name=source).first()
            if named is None:
                known = ", ".join(Source.objects.values_list("name", flat=True)) or "none"
                raise CommandError(f"unknown source {source!r} (known: {known})")
        urls = [t for t in targets if t.startswith(("http://", "https://"))]
        paths = [Path(t) for t in targets if t not in urls]
        if workers is not None and workers < 0:
            raise CommandError("--workers must be 0 or more")
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")

        total = BatchReport()
        groups: dict[int, tuple[Source, list[Path]]] = {}
        for path in self._files(paths):
            src = named or self._source_for(path)
            groups.setdefault(src.pk, (src, []))[1].append(path)
        count = sum(len(files) for _, files in groups.values()) + len(urls)
        show = not no_progress and self.stdout.isatty()
        with progress_bar(count, "ingesting", enabled=show) as advance:
            jobs = [(src, path) for src, files in groups.values() for path in files]
            total.add(ingest_many(jobs, workers, progress=lambda _path: advance()))
            for url in urls:
                src = named or self._ad_hoc()
                total.add(ingest_url(src, url))
                advance()
        for origin, reason in total.problems:
            self.stderr.write(f"{origin}: {reason}")
        self.stdout.write(f"{total.documents} documents: {total.summary()}")
        if total.failed and not (total.new or total.updated or total.unchanged or total.duplicate):
            raise CommandError(f"nothing could be ingested ({total.failed} failed)")

    def _files(self, paths: list[Path]) -> list[Path]:
        """Every file to ingest; in a hot folder, not what was already moved to its done/ or
        failed/ folder."""
        hot = [
            Path(s.location).resolve()
            for s in Source.objects.filter(hot_folder=True).exclude(location="")
        ]
        files = []
        for path in expand_paths(paths):
            resolved = path.resolve()
            if not any(
                folder / kept in resolved.parents for folder in hot for kept in (DONE, FAILED)
            ):
                files.append(path)
        return files

    def _source_for(self, path: Path) -> Source:
        resolved = path.resolve()
        for source in Source.objects.exclude(location__startswith="http"):
            location = Path(source.location)
            if resolved == location or location in resolved.parents:
                return source
        return self._ad_hoc()

    def _ad_hoc(self) -> Source:
        source, _ = Source.objects.get_or_create(
            name=AD_HOC_SOURCE, defaults={"location": "", "enabled": False}
        )
        return source
