"""The ``wiredesk`` command.

It is Django's ``manage.py`` for the wiredesk project with three additions: ``--data-dir`` is
read before settings load, the data dir is created (or a one-line reason given), and ``--help``
lists wiredesk's own commands before Django's. User errors end with one line and exit 2 or 1,
never a traceback.
"""

import os
import sys
from pathlib import Path

WIREDESK_COMMANDS = {
    "demo": "run the demo network: set up, ingest the sample wire, serve every site",
    "serve": "serve every site, the desk and the admin (gunicorn) with a worker and scheduler",
    "worker": "run a background task worker",
    "scheduler": "enqueue source polls when due (one acts at a time)",
    "network": "load, check or show the network file (sites, sections, boxes, rules...)",
    "ingest": "ingest files, folders or URLs once and print what came of them",
    "sources": "list sources with their health; import an OPML feed list",
    "routing": "evaluate the classifier on a labelled corpus; preview the rules (dry-run)",
    "export": "write every site as static files for nginx (pages, feeds, sitemaps); --incremental",
    "search": "rebuild the search index; run a search from the command line",
    "desk": "desk roles and users; every editorial action on a story, audited",
    "check": "Django's system checks (add --deploy for production settings)",
    "migrate": "create or update the database tables",
    "createsuperuser": "create an admin login",
}
NO_DATA_DIR = {"help", "--help", "-h", "--version", "version"}


def _take_data_dir(argv: list[str]) -> list[str]:
    """Move ``--data-dir D`` (or ``--data-dir=D``) into the environment, keeping it in argv
    for commands that document it."""
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            os.environ["WIREDESK_DATA_DIR"] = argv[i + 1]
        elif arg.startswith("--data-dir="):
            os.environ["WIREDESK_DATA_DIR"] = arg.split("=", 1)[1]
    return argv


def _ensure_data_dir() -> str | None:
    path = Path(os.environ.get("WIREDESK_DATA_DIR", "wiredesk-data")).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / "static").mkdir(exist_ok=True)
        probe = path / ".wiredesk-write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        return (
            f"the data dir {path} is not writable ({error.strerror}): "
            "choose another with --data-dir or WIREDESK_DATA_DIR"
        )
    return None


def print_help(utility) -> None:
    from django.core.management import get_commands

    print("usage: wiredesk COMMAND [options]   (wiredesk COMMAND --help for a command's options)\n")
    print("wiredesk commands:")
    for name, text in WIREDESK_COMMANDS.items():
        print(f"  {name:<16} {text}")
    others = sorted(set(get_commands()) - set(WIREDESK_COMMANDS))
    print("\nDjango's commands, also available:")
    line = " "
    for name in others:
        if len(line) + len(name) > 88:
            print(line)
            line = " "
        line += " " + name
    print(line)


def main(argv: list[str] | None = None) -> int:
    argv = _take_data_dir(list(sys.argv if argv is None else argv))
    argv[0] = "wiredesk"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    command = argv[1] if len(argv) > 1 else "help"

    import django
    from django.core.management import ManagementUtility, get_commands

    if command in {"help", "--help", "-h"} and len(argv) <= 2:
        django.setup()
        print_help(ManagementUtility(argv))
        return 0
    if command not in NO_DATA_DIR:
        problem = _ensure_data_dir()
        if problem:
            print(f"wiredesk: {problem}", file=sys.stderr)
            return 2
    django.setup()
    if command not in NO_DATA_DIR and command not in get_commands():
        print(f"wiredesk: unknown command {command!r}: see 'wiredesk --help'", file=sys.stderr)
        return 2

    from django.db import OperationalError

    try:
        ManagementUtility(argv).execute()
    except OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"wiredesk: database error: {reason} (check DATABASE_URL)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
