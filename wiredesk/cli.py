"""The ``wiredesk`` command: Django's management commands, with wiredesk's listed first."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "wiredesk"
    execute_from_command_line(argv)
    return 0
