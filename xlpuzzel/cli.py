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
    "brieven": ("xlpuzzel.commands.brieven", "maak een brief aan elk college van B&W (Word, eventueel PDF)"),
    "memo": ("xlpuzzel.commands.memo", "maak de memo 'Tussenstand' (naam van de puzzel) uit de werkmap"),
    "bijstellingen": ("xlpuzzel.commands.bijstellingen", "markeer getallen die afwijken van de basis en log de wijziging"),
    "basis": ("xlpuzzel.commands.basis", "leg de huidige getallen vast als nieuwe basis (met --ja)"),
    "log": ("xlpuzzel.commands.log", "toon het Wijzigingslog of exporteer het voor de Woo (--woo)"),
    # National picture and statushouders prognosis (sheets Landelijk and Prognose).
    "landelijk": ("xlpuzzel.commands.landelijk", "toon het landelijk beeld (LRT-dashboard): kaarten en tabel"),
    "prognose": ("xlpuzzel.commands.prognose", "toon de prognose statushouders en de taakstelling per gemeente"),
    "voorstel": ("xlpuzzel.commands.voorstel", "bereken het beste voorstel voor bijstelling, met uitleg (--schrijf: op blad Voorstel)"),
    # A new round, and a puzzel for any province.
    "nieuwe-ronde": ("xlpuzzel.commands.nieuwe_ronde", "begin de volgende ronde in een nieuwe werkmap (de huidige blijft zoals hij is)"),
    "nieuw": ("xlpuzzel.commands.nieuw", "maak een nieuwe, lege puzzel voor een provincie uit een gemeentenbestand"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

# argparse speaks English; these are the messages a user can trigger by mistyping.
_ARGPARSE_DUTCH = (
    ("unrecognized arguments", "onbekende argumenten"),
    ("the following arguments are required", "deze argumenten zijn verplicht"),
    ("invalid choice", "ongeldige keuze"),
    ("choose from", "kies uit"),
    ("expected one argument", "verwacht één waarde"),
    ("expected at least one argument", "verwacht minstens één waarde"),
    ("invalid int value", "geen geheel getal"),
    ("not allowed with argument", "niet toegestaan samen met"),
    ("ambiguous option", "dubbelzinnige optie"),
    ("could match", "kan zijn"),
)


class _ParserExit(Exception):
    """Raised instead of sys.exit so `main` can return the code (tests call main directly)."""

    def __init__(self, code: int, melding: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.melding = melding


class DutchFormatter(argparse.HelpFormatter):
    """Help text with a Dutch usage prefix."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "gebruik: ")


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Dutch."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", DutchFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def exit(self, status: int = 0, message: str | None = None):  # type: ignore[override]
        if message:
            print(message, file=sys.stderr, end="")
        raise _ParserExit(status)

    def error(self, message: str):  # type: ignore[no-untyped-def]
        for english, dutch in _ARGPARSE_DUTCH:
            message = message.replace(english, dutch)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fout: {message}", file=sys.stderr)
        raise _ParserExit(EXIT_UNUSABLE, message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = DutchParser(
        prog="puzzel",
        description="xlpuzzel: controleren, bijstellen en brieven maken vanuit de werkmap van de puzzel (puzzel.xlsm).",
    )
    parser.add_argument(
        "--versie", action="version", version=f"%(prog)s {_version()}", help="toon het versienummer"
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="opdrachten", parser_class=DutchParser)
    for name, (module, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(sp)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings of severity fout, 2 unusable input).

    Every failure ends as one Dutch line on stderr (with `--json`, also as JSON on stdout),
    never as a traceback: a user's problem is a :class:`~xlpuzzel.errors.PuzzelError`;
    anything unexpected is written to the log file with its traceback and named so.
    """
    from xlpuzzel.errors import PuzzelError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _ParserExit as exc:
        if exc.code and "--json" in (sys.argv[1:] if argv is None else argv):
            _json_error(None, exc.melding)
        return exc.code
    if not args.command:
        parser.print_help()
        return EXIT_UNUSABLE
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        if hasattr(args, "werkmap"):
            from xlpuzzel.commands import kies_werkmap

            args.werkmap = kies_werkmap(args.werkmap)
        return int(module.run(args))
    except PuzzelError as exc:
        return _fail(args, exc.melding)
    except KeyboardInterrupt:
        return _fail(args, "afgebroken; er is niets opgeslagen.")
    except Exception:  # noqa: BLE001 - the one place where anything unexpected becomes a Dutch message
        import traceback

        from xlpuzzel.excel.hulp import log, logboek_pad

        log(f"puzzel {args.command}: onverwachte fout\n{traceback.format_exc()}")
        return _fail(
            args,
            f"onverwachte fout; er is niets opgeslagen. De technische details staan in {logboek_pad()}; "
            "stuur dat bestand mee als u om hulp vraagt.",
        )


def _fail(args: argparse.Namespace, melding: str) -> int:
    """Print the Dutch message (and the JSON a --json caller reads); the exit code for unusable input."""
    print(f"puzzel {args.command}: {melding}", file=sys.stderr)
    if getattr(args, "json", False):
        _json_error(getattr(args, "werkmap", None), melding)
    return EXIT_UNUSABLE


def _json_error(werkmap: object, melding: str) -> None:
    import json

    doc = {"werkmap": None if werkmap is None else str(werkmap), "fout": melding}
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _version() -> str:
    from xlpuzzel import __version__

    return __version__
