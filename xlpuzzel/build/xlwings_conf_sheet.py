"""Sheet `xlwings.conf`: the settings xlwings' VBA reads from the workbook itself.

xlwings' VBA (`GetConfigFromSheet` in xlwings.bas 0.37.8) reads column A from A1 down to the
first empty cell as keys (case-insensitive) and column B as values; a key present with an
empty value still wins over the user's own `%USERPROFILE%\\.xlwings\\xlwings.conf`. So the
block holds only settings that are right for every user, and the per-user interpreter path
stays out of it: the explanation sits below an empty row, where xlwings does not read.
Column C (a Dutch note per key) is not read by xlwings either.
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.build.stijl import font
from xlpuzzel.layout import XLWINGS_CONF_SHEET

#: The module with the worksheet functions (imported by "Functies importeren").
UDF_MODULE = "udfs.puzzel_udfs"

#: Key, value and the Dutch reason, in the order xlwings reads them.
SETTINGS: tuple[tuple[str, object, str], ...] = (
    (
        "UDF Modules",
        UDF_MODULE,
        "De Python-module met de rekenfuncties PUZZEL_PERCENTAGE, PUZZEL_VERDEEL enz.",
    ),
    (
        "Use UDF Server",
        True,
        (
            "Knoppen en functies gebruiken één Python die blijft draaien: alleen de eerste klik "
            "start Python, daarna reageren de knoppen direct. Na een update van xlpuzzel: Excel "
            "herstarten."
        ),
    ),
    (
        "Show Console",
        False,
        "Geen zwart consolevenster bij elke klik.",
    ),
    (
        "ADD_WORKBOOK_TO_PYTHONPATH",
        False,
        (
            "xlpuzzel is met pip geïnstalleerd; de map van de werkmap hoeft niet in het zoekpad. "
            "Dat voorkomt dat een los .py-bestand naast de werkmap (bijv. in Downloads) de "
            "geïnstalleerde code vervangt, en foutmeldingen over het lokale pad van een werkmap "
            "op OneDrive of SharePoint."
        ),
    ),
)

#: Shown under the settings (after an empty row, so xlwings does not read it).
NOTES: tuple[str, ...] = (
    "Welke Python? (Interpreter_Win)",
    (
        "Interpreter_Win staat hier bewust niet: ieder heeft Python op een eigen plek, en deze "
        "werkmap wordt gedeeld. Excel gebruikt de Python uit uw eigen instellingenbestand "
        "%USERPROFILE%\\.xlwings\\xlwings.conf (aanmaken met: xlwings config create --force), of "
        "anders de pythonw die in het zoekpad (PATH) staat."
    ),
    (
        "Alleen als u één vaste Python voor iedereen wilt: typ in de eerste lege cel direct onder "
        "de instellingen hierboven Interpreter_Win en in de cel rechts daarvan het volledige pad, "
        "bijv. C:\\Python312\\pythonw.exe. Zie README.md, 'Installeren op Windows'."
    ),
)


def add_xlwings_conf_sheet(wb: Workbook) -> None:
    """Add the hidden sheet `xlwings.conf` with the settings every user of the workbook needs."""
    ws = wb.create_sheet(XLWINGS_CONF_SHEET)
    for row, (key, value, note) in enumerate(SETTINGS, start=1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
        ws.cell(row, 3, note).alignment = Alignment(wrap_text=True, vertical="top")
    first = len(SETTINGS) + 2
    ws.cell(first, 1, NOTES[0]).font = font(bold=True)
    for offset, text in enumerate(NOTES[1:], start=1):
        cell = ws.cell(first + offset, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=first + offset, start_column=1, end_row=first + offset, end_column=3)
        ws.row_dimensions[first + offset].height = 60
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 90
    # Hidden, not very hidden: an administrator can show it again (right-click a tab > Zichtbaar maken).
    ws.sheet_state = "hidden"
