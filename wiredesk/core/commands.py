"""What wiredesk's commands with actions (``wiredesk network load``) share."""

import argparse

from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the epilog's line breaks kept."""


class ActionParser(CommandParser):
    """The parser of one action (``wiredesk network load``): its epilog's line breaks kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(**kwargs)


class ActionCommand(BaseCommand):
    """A command whose ``--help`` ends with ``epilog`` (examples), line breaks kept, and whose
    actions come from :meth:`add_actions`."""

    epilog = ""

    @staticmethod
    def add_actions(parser, required: bool = True):
        """The ``ACTION`` sub-commands, in ``options["action"]``."""
        return parser.add_subparsers(
            dest="action",
            metavar="ACTION",
            title="actions",
            required=required,
            parser_class=ActionParser,
        )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("epilog", self.epilog)
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)
