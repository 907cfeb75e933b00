"""``wiredesk network load|check|show``: the network file and the sites it made."""

import argparse
import json

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db.utils import OperationalError, ProgrammingError

from wiredesk.core.commands import ActionCommand
from wiredesk.network.apply import (
    KINDS,
    NetworkApplyError,
    apply_network,
    describe_counts,
    plural,
)
from wiredesk.network.loader import NetworkFileError, load_network_file
from wiredesk.network.models import Agency, SiteProfile

EPILOG = """\
A network file (TOML) declares the sites, their sections, headline boxes and ad zones, the
agencies, the sources and the routing rules. 'load' writes it in one transaction: on any
error nothing is written. Run 'wiredesk network ACTION --help' for each action's options.

examples:
  wiredesk network check wiredesk/demo/network.toml
  wiredesk network load wiredesk/demo/network.toml
  wiredesk network load network.toml --prune
  wiredesk network show
  wiredesk network load --help

Errors name the file, the line and the field, on one line, and exit with status 1:
  network.toml:42: sites[2].boxes[0].site: unknown site 'energydaly' (known: spacewar, ...)

The file format is described in docs/network-file.md.
"""

LOAD_EPILOG = """\
Loading is idempotent: everything is matched by its natural key (site key, section key,
ad zone key, agency key, source name, rule name), so loading the same file twice changes
nothing. A site's headline boxes are replaced by the file's list, in order. Without --prune
nothing else is ever deleted.

examples:
  wiredesk network load wiredesk/demo/network.toml
  wiredesk network load network.toml --prune
"""

CHECK_EPILOG = """\
Prints a summary and exits 0 when the file is valid. Otherwise prints every problem, one per
line (FILE:LINE: FIELD: MESSAGE), and exits 1.

example:
  wiredesk network check network.toml
"""

SHOW_EPILOG = """\
examples:
  wiredesk network show
  wiredesk network show --port 8000
  wiredesk network show --json
"""


class Command(ActionCommand):
    epilog = EPILOG
    help = (
        "Load, check and show the network: sites, sections, boxes, ads, agencies, sources, rules."
    )

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        load = actions.add_parser(
            "load",
            help="create or update the network from a network file",
            description="Create or update the network from a network file (TOML).",
            epilog=LOAD_EPILOG,
        )
        load.add_argument("file", metavar="FILE", help="the network file, e.g. network.toml")
        load.add_argument(
            "--prune",
            action="store_true",
            help=(
                "also delete sections, ad zones, sources and rules of the network that the file "
                "no longer names (a source with stories is disabled instead)"
            ),
        )
        load.add_argument(
            "-v",
            "--verbosity",
            type=int,
            choices=[0, 1, 2, 3],
            default=argparse.SUPPRESS,
            help="0: print nothing; 2 or more: also print a table of what changed, per kind",
        )
        check = actions.add_parser(
            "check",
            help="validate a network file without writing anything",
            description="Validate a network file without touching the database.",
            epilog=CHECK_EPILOG,
        )
        check.add_argument("file", metavar="FILE", help="the network file, e.g. network.toml")
        show = actions.add_parser(
            "show",
            help="list the sites with their URLs and counts",
            description="List the network's sites with their URLs and what each has.",
            epilog=SHOW_EPILOG,
        )
        show.add_argument(
            "--port",
            type=int,
            default=8000,
            help="port for the development URLs (http://KEY.localhost:PORT/; default 8000)",
        )
        show.add_argument(
            "--json", dest="as_json", action="store_true", help="print JSON instead of a table"
        )

    def handle(self, *args, action, **options):
        try:
            return getattr(self, f"handle_{action}")(**options)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    # -- load / check --------------------------------------------------------------------

    def handle_load(self, file, prune=False, **options):
        spec = self._read(file)
        try:
            report = apply_network(spec, prune=prune)
        except NetworkApplyError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if options["verbosity"] >= 1:
            self.stdout.write(report.summary())
        if options["verbosity"] >= 2:
            header = f"{'':10} {'file':>6} {'created':>8} {'updated':>8} {'same':>6}"
            if prune:
                header += f" {'deleted':>8} {'disabled':>9}"
            self.stdout.write(header)
            for kind in KINDS:
                k = report[kind]
                line = (
                    f"{kind.replace('_', ' '):10} {k.declared:>6} {k.created:>8} "
                    f"{k.updated:>8} {k.unchanged:>6}"
                )
                if prune:
                    line += f" {k.deleted:>8} {k.disabled:>9}"
                self.stdout.write(line)

    def handle_check(self, file, **options):
        spec = self._read(file, list_all=True)
        parts = describe_counts(spec.counts())
        self.stdout.write(f"{file}: OK: network '{spec.name}': {parts}")

    def _read(self, file, list_all=False):
        try:
            return load_network_file(file)
        except NetworkFileError as exc:
            if list_all and len(exc.problems) > 1:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                raise CommandError(f"{file}: {len(exc.problems)} problems") from None
            raise CommandError(str(exc)) from None

    # -- show ----------------------------------------------------------------------------

    def handle_show(self, port=8000, as_json=False, **options):
        profiles = list(SiteProfile.objects.select_related("site").order_by("position", "key"))
        suffix = settings.WIREDESK_DEV_HOST_SUFFIX
        rows = [
            {
                "key": p.key,
                "name": p.site.name,
                "domain": p.site.domain,
                "url": f"https://{p.site.domain}/",
                "dev_url": f"http://{p.key}.{suffix}:{port}/",
                "default": p.is_default,
                "sections": p.sections.count(),
                "boxes": p.boxes.count(),
                "ad_zones": p.ad_zones.count(),
            }
            for p in profiles
        ]
        source_model = apps.get_model("ingest", "Source")
        rule_model = apps.get_model("routing", "Rule")
        totals = {
            "sites": len(rows),
            "agencies": Agency.objects.count(),
            "sources": source_model.objects.count(),
            "sources_enabled": source_model.objects.filter(enabled=True).count(),
            "rules": rule_model.objects.count(),
            "rules_enabled": rule_model.objects.filter(enabled=True).count(),
        }
        if as_json:
            self.stdout.write(json.dumps({"sites": rows, "totals": totals}, indent=2))
            return
        if not rows:
            self.stdout.write("No sites yet. Load a network file: wiredesk network load FILE.toml")
            return
        key_w = max(len("site"), *(len(r["key"]) for r in rows)) + 2
        name_w = max(len("name"), *(len(r["name"]) for r in rows))
        url_w = max(len("url"), *(len(r["url"]) for r in rows))
        dev_w = max(len("dev url"), *(len(r["dev_url"]) for r in rows))
        self.stdout.write(
            f"{'site':{key_w}} {'name':{name_w}} {'url':{url_w}} {'dev url':{dev_w}} "
            "sections boxes ads"
        )
        for r in rows:
            key = ("* " if r["default"] else "  ") + r["key"]
            self.stdout.write(
                f"{key:{key_w}} {r['name']:{name_w}} {r['url']:{url_w}} {r['dev_url']:{dev_w}} "
                f"{r['sections']:>8} {r['boxes']:>5} {r['ad_zones']:>3}"
            )
        sources = plural(totals["sources"], "source", "sources")
        rules = plural(totals["rules"], "rule", "rules")
        self.stdout.write(
            f"{plural(len(rows), 'site', 'sites')}, "
            f"{plural(totals['agencies'], 'agency', 'agencies')}, "
            f"{sources} ({totals['sources_enabled']} enabled), "
            f"{rules} ({totals['rules_enabled']} enabled); * marks the default site"
        )
