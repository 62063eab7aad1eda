"""One total, everywhere: every totals row in every document is the sum of its rows and equals the workbook's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from xlpuzzel.cli import main
from xlpuzzel.layout import COLUMNS, PUZZEL_SHEET, PuzzelLayout, Role
from xlpuzzel.recalc import find_soffice, recalculate

DATA_COLUMNS = [c for c in COLUMNS if c.role is not Role.LABEL]


def number(text: str) -> int | None:
    """A count as the documents print it ('1.077', '-128', '+287', '-' for zero); None for a percentage or blank."""
    text = text.strip()
    if text in ("-", "0"):
        return 0
    digits = text.replace(".", "").replace("+", "")
    if not digits.lstrip("-").isdigit():
        return None
    return int(digits)


def totals_tables(path: Path) -> list[tuple[list[list[str]], list[str]]]:
    """Each table with a row labelled 'Totaal': (the rows above it that hold data, the Totaal row)."""
    found = []
    for table in Document(str(path)).tables:
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        labels = [r[0] for r in rows]
        if "Totaal" not in labels:
            continue
        at = labels.index("Totaal")
        body = [r for r in rows[:at] if any(number(c) is not None for c in r[1:])]
        found.append((body, rows[at]))
    return found


@pytest.fixture(scope="module")
def documenten(tmp_path_factory: pytest.TempPathFactory, opgeloste_werkmap: Path) -> list[Path]:
    """The twelve letters and the memo made by the CLI from the resolved workbook."""
    out = tmp_path_factory.mktemp("totalen")
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(out)]) == 0
    assert main(["memo", str(opgeloste_werkmap), "--uit", str(out)]) == 0
    return sorted(out.rglob("*.docx"))


def test_every_totals_row_is_the_sum_of_its_rows(documenten):
    """Letters (own table, bijlage) and memo (province table, bijlage): each count column adds up."""
    checked = 0
    for path in documenten:
        tables = totals_tables(path)
        assert len(tables) == 2, path.name
        for body, totaal in tables:
            for j in range(1, len(totaal)):
                cells = [number(r[j]) for r in body]
                if number(totaal[j]) is None or any(c is None for c in cells):
                    continue
                assert number(totaal[j]) == sum(cells), (path.name, totaal[0], j)
                checked += 1
    assert checked > 13 * 10


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
def test_every_bijlage_totals_row_equals_the_workbook_recalculated(documenten, opgeloste_werkmap, tmp_path):
    """The bijlage's Totaal row shows what LibreOffice computes in the workbook's Totaal row (8.413 under opgave)."""
    ws = openpyxl.load_workbook(recalculate(opgeloste_werkmap, tmp_path), data_only=True)[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    workbook = [ws[layout.cell(c.id, layout.totaal_row)].value for c in DATA_COLUMNS]
    assert workbook[[c.id for c in DATA_COLUMNS].index("opgave_oek_asiel")] == 8413
    for path in documenten:
        _, totaal = totals_tables(path)[-1]
        assert [number(t) for t in totaal[1:]] == [int(v or 0) for v in workbook], path.name
