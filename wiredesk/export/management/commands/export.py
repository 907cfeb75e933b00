from functools import partial
from pathlib import Path

from django.core.management.base import CommandError

from wiredesk.core.commands import ActionCommand
from wiredesk.core.progress import progress_bar
from wiredesk.export.runner import ExportError, Options, export


class Command(ActionCommand):
    help = (
        "Write every page, feed, sitemap and robots.txt of every site as static files under "
        "DIR/<site domain>/ (the network index under DIR/localhost/), byte for byte what the "
        "server renders for the same URL. Article pages include each site's shared headline "
        "boxes with nginx SSI; DIR/nginx/ holds the gone (410) and moved (301) URL maps. "
        "See docs/export.md and docs/deploy.md."
    )
    epilog = (
        "Examples:\n"
        "  wiredesk export --out /srv/wiredesk/export\n"
        "  wiredesk export --out /srv/wiredesk/export --incremental     only what changed\n"
        "  wiredesk export --out /tmp/spacewar --site spacewar"
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DIR", help="Folder to write into.")
        parser.add_argument("--site", metavar="KEY", help="Export only this site (its key).")
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Render only what changed since the last export into DIR (a full export "
            "when DIR holds none, or when the network, templates or options changed).",
        )
        parser.add_argument(
            "--scheme",
            choices=("https", "http"),
            default="https",
            help="Scheme of the absolute URLs in pages and feeds (default https).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            metavar="N",
            help="Processes that render (default: one per core for big exports).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, out, site=None, incremental=False, scheme="https", jobs=0, **options):
        if jobs < 0:
            raise CommandError("--jobs must be 0 (automatic) or more")
        show = not options.get("no_progress") and self.stdout.isatty()
        progress = partial(progress_bar, label="exporting") if show else None
        try:
            report = export(
                Options(
                    out=Path(out).expanduser(),
                    site=site,
                    incremental=incremental,
                    scheme=scheme,
                    jobs=jobs,
                    progress=progress,
                )
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(report.summary())
        if report.problems:
            raise CommandError(f"{len(report.problems)} URLs did not render (listed above)")
