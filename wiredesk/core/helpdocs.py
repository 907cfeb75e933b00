"""Write docs/commands.md from the commands' own ``--help`` (Datasette style).

    python -m wiredesk.core.helpdocs > docs/commands.md

A test compares the file with this output, so a command or option that is not documented, or
documented out of date, fails the suite.
"""

import os

WIDTH = "100"


def render() -> str:
    os.environ["COLUMNS"] = WIDTH
    from django.core.management import get_commands, load_command_class

    from wiredesk.cli import WIREDESK_COMMANDS

    commands = get_commands()
    parts = [
        "# Commands\n",
        "Every `wiredesk` command and its options, as `wiredesk COMMAND --help` prints them.",
        "This page is generated: `python -m wiredesk.core.helpdocs > docs/commands.md`.\n",
    ]
    for name in WIREDESK_COMMANDS:
        command = load_command_class(commands[name], name)
        help_text = command.create_parser("wiredesk", name).format_help().rstrip()
        parts.append(f"## wiredesk {name}\n\n```\n{help_text}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    django.setup()
    print(render(), end="")
