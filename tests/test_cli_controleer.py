"""`puzzel controleer`: the Dutch report, JSON, and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from xlpuzzel.cli import build_parser, main

AS_PRINTED_REPORT = """\
Controle van {path}

Fouten (10)
fout          N7   Borger-Odoorn  Inbreng OEK: de inbreng is leeg, maar eerste voorstel 247 + bijstelling 138 = 385.
fout          P7   Borger-Odoorn  Inbreng AMV: de inbreng is leeg, maar eerste voorstel 12 + bijstelling 38 = 50.
fout          P10  Emmen          Inbreng AMV: de inbreng is 20, maar eerste voorstel 20 + bijstelling 20 = 40.
fout          P15  Tynaarlo       Inbreng AMV: de inbreng is leeg, maar eerste voorstel 28 + bijstelling 0 = 28.
fout          B17  Totaal         Inwoners: Totaal inwoners is 502.051 maar de som van de gemeenten is 500.051 \
(verschil 2.000).
fout          C17  Totaal         Opgave Oek: de opgaven Oek van de gemeenten tellen op tot 5.720, maar de \
provinciale opgave is 5.722 (2 te weinig verdeeld).
fout          K17  Totaal         Bijstelling OEK: Totaal bijstelling OEK is 944 maar de som van de gemeenten is 943 \
(verschil 1).
fout          N17  Totaal         Inbreng OEK: Totaal inbreng OEK is 5.589 maar de som van de gemeenten is 5.203 \
(verschil 386).
fout          P17  Totaal         Inbreng AMV: Totaal inbreng AMV is 283 maar de som van de gemeenten is 233 \
(verschil 50).
fout          F18  verschil       Opgave Oek + Asiel: het verschil 0 klopt niet: de opgaven van de gemeenten \
tellen op tot 8.411 en de provinciale opgave is 8.413, dus 8.411 - 8.413 = -2.

Waarschuwingen (3)
waarschuwing  C10  Emmen          Opgave Oek: de opgave Oek is 1.240 maar het aandeel naar inwoners is 1.216,8 \
(106.765 van 502.051 inwoners, van 5.722); verwacht 1.217.
waarschuwing  H14  Noordenveld    Eerste voorstel Asiel: 'ntb': nog niet bekend; telt als 0 in de totalen.
waarschuwing  A15  Tynaarlo       Gemeente: de totale inbreng (N15:P15) is 340 + 250 + 0 = 590, 28 onder de \
totale opgave (F15) van 618.

10 fouten, 3 waarschuwingen, 0 meldingen
"""


def test_report_lists_findings_by_severity_with_a_summary(printed_workbook: Path, capsys) -> None:
    """One line per finding (severity, cell, gemeente, column: text), grouped, then the counts; exit 1."""
    code = main(["controleer", str(printed_workbook)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == ""
    assert out == AS_PRINTED_REPORT.format(path=printed_workbook)


def test_clean_workbook_exits_0_with_a_reassuring_line(tmp_path: Path, clean_bytes: bytes, capsys) -> None:
    """No findings: exit 0 and a line saying the totals and input agree."""
    path = tmp_path / "schoon.xlsm"
    path.write_bytes(clean_bytes)
    code = main(["controleer", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out == (
        f"Controle van {path}\n\nGeen bevindingen: de totalen en de invoer kloppen.\n\n"
        "0 fouten, 0 waarschuwingen, 0 meldingen\n"
    )


def test_only_warnings_exit_0(tmp_path: Path, clean_dataset, capsys) -> None:
    """Waarschuwingen alone do not fail the check."""
    from dataclasses import replace

    from xlpuzzel.build import build_workbook
    from xlpuzzel.dataset import Dataset
    from xlpuzzel.entry import make_entry

    p = clean_dataset.puzzel
    column = list(p.columns["eerste_asiel"])
    column[p.index_of("Noordenveld")] = make_entry("ntb")
    # inbreng stays 0 = 0 + 0, the rest of the row is unchanged: only the ntb is worth a look.
    puzzel = replace(p, columns={**p.columns, "eerste_asiel": tuple(column)})
    path = tmp_path / "ntb.xlsm"
    path.write_bytes(build_workbook(Dataset(puzzel, clean_dataset.meta)))
    code = main(["controleer", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "waarschuwing  H14  Noordenveld  Eerste voorstel Asiel: 'ntb': nog niet bekend" in out
    assert out.endswith("0 fouten, 1 waarschuwing, 0 meldingen\n")


def test_json_output_has_werkmap_findings_and_summary(shipped_workbook: Path, capsys) -> None:
    """--json prints werkmap, bevindingen (to_dict) and samenvatting; the exit code is the same."""
    code = main(["controleer", str(shipped_workbook), "--json"])
    out, _ = capsys.readouterr()
    doc = json.loads(out)
    assert code == 1
    assert doc["werkmap"] == str(shipped_workbook)
    assert [(b["code"], b["cel"]) for b in doc["bevindingen"]] == [
        ("inbreng-wijkt-af", "N7"), ("inbreng-wijkt-af", "P7"), ("inbreng-wijkt-af", "P10"),
        ("inbreng-wijkt-af", "P15"), ("totaal-wijkt-af", "B17"), ("opgave-wijkt-af", "C17"),
        ("aandeel-inwoners", "C10"), ("nog-niet-bekend", "H14"), ("gemeente-onder-opgave", "A15"),
    ]
    assert doc["bevindingen"][0] == {
        "code": "inbreng-wijkt-af", "ernst": "fout", "blad": "Puzzel", "cel": "N7", "gemeente": "Borger-Odoorn",
        "kolom": "inbreng_oek", "waarde": None, "verwacht": 385,
        "melding": "N7 (Borger-Odoorn, Inbreng OEK): de inbreng is leeg, maar eerste voorstel 247 + bijstelling "
        "138 = 385.",
    }
    assert doc["samenvatting"] == {
        "fout": 6, "waarschuwing": 3, "info": 0, "totaal": 9,
        "codes": {"aandeel-inwoners": 1, "gemeente-onder-opgave": 1, "inbreng-wijkt-af": 4, "nog-niet-bekend": 1,
                  "opgave-wijkt-af": 1, "totaal-wijkt-af": 1},
    }


def test_unusable_input_exits_2_with_one_dutch_line(tmp_path: Path, capsys) -> None:
    """A missing file: exit 2, one line on stderr naming the file, nothing on stdout."""
    missing = tmp_path / "weg.xlsm"
    code = main(["controleer", str(missing)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err == f"puzzel controleer: {missing}: bestand niet gevonden.\n"


def test_default_werkmap_is_puzzel_xlsm_in_the_current_folder() -> None:
    """Without WERKMAP the command checks puzzel.xlsm in the current folder (resolved when it runs)."""
    from xlpuzzel.commands import StandaardWerkmap

    args = build_parser().parse_args(["controleer"])
    assert args.werkmap == "puzzel.xlsm" and isinstance(args.werkmap, StandaardWerkmap)
    assert args.json is False


def test_cold_run_as_a_module_imports_no_heavy_libraries(shipped_workbook: Path) -> None:
    """`python -m xlpuzzel controleer` runs without importing openpyxl or pandas."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "xlpuzzel", "controleer", str(shipped_workbook)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert not {m for m in imported if m.split(".")[0] in ("openpyxl", "pandas", "docxtpl", "lxml")}
    assert result.stdout.endswith("6 fouten, 3 waarschuwingen, 0 meldingen\n")
