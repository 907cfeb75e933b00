"""``wiredesk sources [list] [--json] [--failing]`` and ``wiredesk sources import-opml FILE``."""

import argparse
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.db.utils import OperationalError, ProgrammingError

from wiredesk.core.commands import ActionCommand
from wiredesk.ingest.models import HEALTH_DAYS, Source
from wiredesk.ingest.opml import parse_opml
from wiredesk.network.models import Agency

MIN_INTERVAL = 10
DEFAULT_INTERVAL = 300
MAX_OPML_BYTES = 20 * 1024 * 1024

EPILOG = f"""\
Without an action, lists the sources with their health: name, agency, kind (url, folder, file
or hot folder), poll interval, last success (UTC), errors in a row, the last error (short) and
new items a day over the last {HEALTH_DAYS} days (from the fetch log).

examples:
  wiredesk sources
  wiredesk sources --failing
  wiredesk sources --json
  wiredesk sources import-opml subscriptions.opml --agency AFP --interval 600 --dry-run

Sources and every setting are described in docs/sources.md.
"""

LIST_EPILOG = """\
examples:
  wiredesk sources list
  wiredesk sources list --failing --json
"""

IMPORT_EPILOG = """\
Every outline with an xmlUrl becomes a source named by a slug of its title (made unique with
-2, -3...), with its htmlUrl as homepage and its enclosing outlines as category ("News / World").
Sources are matched by name: an existing one is updated, so importing the same file twice
changes nothing. The file is parsed with the same protections as feeds (no XML entities, no
DTD, no network, 20 MB cap). Prints one line: feeds read, created, updated, unchanged,
skipped. With --dry-run nothing is saved.

examples:
  wiredesk sources import-opml subscriptions.opml
  wiredesk sources import-opml subscriptions.opml --agency AFP --interval 900
  wiredesk sources import-opml subscriptions.opml --dry-run
"""


def _interval(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < MIN_INTERVAL:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_INTERVAL} seconds, got {seconds}")
    return seconds


def human_interval(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Command(ActionCommand):
    epilog = EPILOG
    help = "List sources with their feed health, or import sources from an OPML file."

    def add_arguments(self, parser):
        self._list_options(parser, False)
        actions = self.add_actions(parser, required=False)
        listing = actions.add_parser(
            "list",
            help="list the sources with their health (the default)",
            description="List the sources with their health.",
            epilog=LIST_EPILOG,
        )
        self._list_options(listing, argparse.SUPPRESS)
        opml = actions.add_parser(
            "import-opml",
            help="create or update sources from an OPML subscription list",
            description="Create or update one source per feed of an OPML 1.0/2.0 file.",
            epilog=IMPORT_EPILOG,
        )
        opml.add_argument("file", metavar="FILE", help="the OPML file")
        opml.add_argument(
            "--agency",
            metavar="KEY",
            help="agency key the sources' items belong to (default: none; an existing "
            "source keeps its agency)",
        )
        opml.add_argument(
            "--interval",
            type=_interval,
            metavar="N",
            help=f"seconds between polls, at least {MIN_INTERVAL} (default: {DEFAULT_INTERVAL} "
            "for new sources; an existing source keeps its interval)",
        )
        opml.add_argument(
            "--dry-run", action="store_true", help="show what would change, save nothing"
        )

    @staticmethod
    def _list_options(parser, default):
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            default=default,
            help="print JSON (all fields, full last error) instead of a table",
        )
        parser.add_argument(
            "--failing",
            action="store_true",
            default=default,
            help="only sources whose last poll failed (errors in a row > 0)",
        )

    def handle(self, *args, action=None, **options):
        try:
            if action == "import-opml":
                return self.handle_import(**options)
            return self.handle_list(**options)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    # -- list ----------------------------------------------------------------------------

    def handle_list(self, as_json=False, failing=False, **options):
        sources = Source.objects.with_health().select_related("agency")
        if failing:
            sources = sources.filter(error_streak__gt=0)
        rows = [self._row(s) for s in sources]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("no failing sources" if failing else "no sources")
            return
        headers = [
            "name",
            "agency",
            "kind",
            "interval",
            "last success",
            "streak",
            "last error",
            "items/day",
        ]
        table = [
            [
                r["name"],
                r["agency"] or "-",
                r["kind"],
                human_interval(r["interval"]),
                (r["last_success_at"] or "never")[:16].replace("T", " "),
                str(r["error_streak"]),
                short(r["last_error"]) or "-",
                f"{r['items_per_day']:.1f}",
            ]
            for r in rows
        ]
        widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
        numeric = {5, 7}
        for line in [headers, *table]:
            cells = [
                cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ]
            self.stdout.write("  ".join(cells).rstrip())

    @staticmethod
    def _row(source: Source) -> dict:
        def when(value):
            return value.isoformat().replace("+00:00", "Z") if value else None

        return {
            "name": source.name,
            "agency": source.agency.key if source.agency else "",
            "kind": source.kind,
            "location": source.location,
            "format": source.format,
            "interval": source.interval,
            "enabled": source.enabled,
            "hot_folder": source.hot_folder,
            "category": source.category,
            "homepage": source.homepage,
            "last_success_at": when(source.last_success_at),
            "next_poll_at": when(source.next_poll_at),
            "error_streak": source.error_streak,
            "last_error": source.last_error,
            "items_7d": source.items_7d,
            "items_per_day": round(source.items_per_day, 2),
        }

    # -- import-opml ---------------------------------------------------------------------

    def handle_import(self, file, agency=None, interval=None, dry_run=False, **options):
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > MAX_OPML_BYTES:
                raise CommandError(f"{file}: {size:,} bytes, over the {MAX_OPML_BYTES:,} cap")
            data = path.read_bytes()
        except IsADirectoryError:
            raise CommandError(f"{file}: is a folder, not an OPML file") from None
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        agency_obj = None
        if agency:
            agency_obj = Agency.objects.filter(key=agency).first()
            if agency_obj is None:
                known = ", ".join(Agency.objects.values_list("key", flat=True)) or "none"
                raise CommandError(f"unknown agency {agency!r} (known: {known})")
        result = parse_opml(data)
        if result.failure:
            raise CommandError(f"{file}: {result.failure}")
        if not result.feeds:
            raise CommandError(f"{file}: no feeds (no outline has an http(s) xmlUrl)")
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            existing = {
                s.name: s for s in Source.objects.filter(name__in=[f.name for f in result.feeds])
            }
            for feed in result.feeds:
                values = {
                    "location": feed.xml_url,
                    "category": feed.category,
                    "homepage": feed.html_url,
                }
                if agency_obj is not None:
                    values["agency_id"] = agency_obj.pk
                if interval is not None:
                    values["interval"] = interval
                source = existing.get(feed.name)
                if source is None:
                    values.setdefault("interval", DEFAULT_INTERVAL)
                    if not dry_run:
                        Source.objects.create(name=feed.name, **values)
                    counts["created"] += 1
                    continue
                changed = [k for k, v in values.items() if getattr(source, k) != v]
                if not changed:
                    counts["unchanged"] += 1
                    continue
                if "location" in changed:  # validators and schedule belong to the old URL
                    values.update(etag="", last_modified="", next_poll_at=None)
                    changed += ["etag", "last_modified", "next_poll_at"]
                for key in changed:
                    setattr(source, key, values[key])
                if not dry_run:
                    source.save(update_fields=changed)
                counts["updated"] += 1
        verbosity = options.get("verbosity", 1)
        if verbosity >= 2:
            for line in result.skipped:
                self.stderr.write(f"skipped {line}")
        summary = (
            f"{path.name}: {len(result.feeds)} feeds: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{len(result.skipped)} skipped"
        )
        if dry_run:
            summary += " (dry run: nothing saved)"
        if verbosity >= 1:
            self.stdout.write(summary)
