"""Command line `puzzel`: each subcommand is an adapter over one core function.

Subcommand modules are imported only when their command runs, so `puzzel controleer`
never pays for document rendering or pandas.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: name -> (module with `add_arguments(parser)` and `run(args) -> int`, one-line Dutch help)
COMMANDS: dict[str, tuple[str, str]] = {
    "bouw": ("xlpuzzel.commands.bouw", "bouw puzzel.xlsm opnieuw uit de bronbestanden"),
    "controleer": ("xlpuzzel.commands.controleer", "controleer de totalen en invoer van een werkmap"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="puzzel",
        description="De Drentse Puzzel: controleren, bijstellen en brieven maken vanuit puzzel.xlsm.",
    )
    parser.add_argument("--versie", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for name, (module, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(sp)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings of severity fout, 2 unusable input)."""
    from xlpuzzel.errors import PuzzelError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_UNUSABLE
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args))
    except PuzzelError as exc:
        print(f"puzzel {args.command}: {exc.melding}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("puzzel: afgebroken; er is niets opgeslagen.", file=sys.stderr)
        return EXIT_UNUSABLE


def _version() -> str:
    from xlpuzzel import __version__

    return __version__
