"""The ``care`` console command: Genuine Care's own commands plus Django's.

``care serve``, ``care demo``, ``care import-people FILE`` … are management
commands of the project's apps; hyphens in a command name are accepted for
underscores. Every Django command works too (``care migrate``).
"""

import os
import sys

PROJECT_PREFIX = "genuinecare."


def _project_commands() -> list[tuple[str, str]]:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    commands = []
    for name, app in sorted(get_commands().items()):
        if app.startswith(PROJECT_PREFIX):
            help_text = str(load_command_class(app, name).help).strip().splitlines()[0]
            commands.append((name.replace("_", "-"), help_text))
    return commands


def _print_overview() -> None:
    lines = ["Usage: care COMMAND [options]", "", "Genuine Care commands:"]
    commands = _project_commands()
    width = max((len(name) for name, _ in commands), default=10)
    lines += [f"  {name.ljust(width)}  {text}" for name, text in commands]
    lines += [
        "",
        "Every Django management command works too, e.g. care migrate, care createsuperuser.",
        "care help --commands lists them all; care help COMMAND explains one.",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Run ``care``: the overview without arguments, else the named Django command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genuinecare.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "care"
    if len(args) == 1 or args[1:] in (["--help"], ["-h"], ["help"]):
        _print_overview()
        return
    if not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) > 2 and args[1] == "help" and not args[2].startswith("-"):
        args[2] = args[2].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
