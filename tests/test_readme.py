"""The README's promises: two set-up commands, CI runs the second verbatim, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from xlpuzzel.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    """The commands in the README's 'Snel aan de slag' block."""
    block = re.search(r"## Snel aan de slag.*?```(?:bash|sh)?\n(.*?)```", README, re.DOTALL)
    assert block, "README mist het blok 'Snel aan de slag'"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_readme_setup_is_exactly_two_commands():
    """Set-up on a fresh Linux machine is two commands: run the main job, run the tests."""
    commands = setup_commands()
    assert len(commands) == 2
    assert "puzzel controleer puzzel.xlsm" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    """.ci/run ends with exactly the README's second command."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last == setup_commands()[1]


def test_every_cli_command_is_documented_in_the_readme():
    """Each `puzzel` subcommand appears in the README with its name."""
    for name in COMMANDS:
        assert f"puzzel {name}" in README, name


def test_every_cli_command_has_dutch_help(capsys):
    """`puzzel OPDRACHT --help` prints Dutch help for every subcommand."""
    for name in COMMANDS:
        assert main([name, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("gebruik: puzzel " + name), out
        assert "show this help" not in out and "options:" not in out


def test_unknown_option_gives_a_dutch_error(capsys):
    """A typo in an option is reported in Dutch with exit code 2."""
    assert main(["controleer", "--onbekend"]) == 2
    err = capsys.readouterr().err
    assert "onbekende argumenten: --onbekend" in err


def test_readme_main_job_runs_on_the_shipped_workbook(capsys):
    """`puzzel controleer puzzel.xlsm` reports and exits 0 or 1 (findings), never 2."""
    code = main(["controleer", str(ROOT / "puzzel.xlsm")])
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert "Traceback" not in out.out + out.err
