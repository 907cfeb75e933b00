"""What wiredesk's commands with actions (``wiredesk network load``) share."""

import argparse

from django.core.management.base import BaseCommand, DjangoHelpFormatter


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the epilog's line breaks kept."""


class ActionCommand(BaseCommand):
    """A command whose ``--help`` ends with ``epilog`` (examples), line breaks kept."""

    epilog = ""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("epilog", self.epilog)
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)
