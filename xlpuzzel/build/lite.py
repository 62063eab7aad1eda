"""`puzzel-lite.xlsx`: the same workbook without VBA and ribbon, with the xlwings Lite code inside.

xlwings Lite keeps a workbook's `main.py` and `requirements.txt` as Office add-in settings,
which Excel stores in the web-extension part of the workbook (`xl/webextensions/
webextension1.xml`): one `we:property` per file, its value the file's text as a JSON string,
beside the reference to Lite's store entry (asset id WA200008175). Lite's documentation says
only "Python code is stored inside the workbook"; this format was read from workbooks Lite
saved (add-in 1.0.0.0-18). The task pane part makes Excel open Lite with the workbook (and
offer to install it where it is missing: Office's "open a task pane with a document").

Because the format is not documented, sheet `Starten` says in three Dutch steps how to
start, and holds both files as text to paste into Lite's editor should Lite not pick them up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from openpyxl.styles import Alignment
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.build.stijl import a4_liggend, fit_row_height, font, tekst_blijft_tekst
from xlpuzzel.package import Package

STARTEN_SHEET = "Starten"
#: xlwings Lite in Microsoft's add-in store (AppSource asset id), as Lite writes it into a workbook.
LITE_STORE_ID = "WA200008175"
WEBEXTENSION_PART = "xl/webextensions/webextension1.xml"
TASKPANES_PART = "xl/webextensions/taskpanes.xml"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
#: Fixed id of our web-extension instance: the build gives the same bytes every time.
WEBEXTENSION_ID = "{5E1A2C3D-7B4F-4E0A-9C61-D2E7A1B0C9F4}"
NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class LiteCode:
    """The two files xlwings Lite keeps in a workbook."""

    main_py: str
    requirements_txt: str


def stappen(eerste_main: int, laatste_main: int, eerste_req: int, laatste_req: int) -> tuple[str, ...]:
    """The three Dutch steps of sheet Starten (the rows of the code to paste, if it comes to that)."""
    return (
        ("1. Installeer één keer de invoegtoepassing xlwings Lite: Start > Invoegtoepassingen, zoek 'xlwings' en kies "
        "Toevoegen (gratis; de ICT-beheerder kan hem ook voor iedereen uitrollen). Vraagt Excel bij het openen van "
        "deze werkmap om xlwings Lite toe te voegen of te vertrouwen, kies dan Toevoegen en Vertrouwen."),
        ("2. Open xlwings Lite (knop xlwings Lite rechts op het tabblad Start). De code staat al in deze werkmap. Toont "
        f"de editor alleen voorbeeldcode, kopieer dan A{eerste_main}:A{laatste_main} hieronder naar het tabblad "
        f"main.py en A{eerste_req}:A{laatste_req} naar het tabblad requirements.txt (alles vervangen)."),
        ("3. Kies App Mode (Ctrl+Shift+M, op de Mac Cmd+Shift+M) en klik op een knop, bijvoorbeeld Controleren. Vul bij "
        "Bijstellingen markeren uw naam in; zet bij Basis vastleggen het vinkje 'ja' aan. Brieven en memo staan daarna "
        "in xlwings Lite onder menu > Files > Import/Export."),
    )


def add_starten_sheet(wb: Workbook, code: LiteCode, naam: str = "") -> None:
    """Sheet Starten: the three steps, then main.py and requirements.txt one line per cell (plain text).

    `naam` is the puzzel's name (setting `puzzel_naam`) for the sheet's title; without one 'De puzzel'.
    """
    ws = wb.create_sheet(STARTEN_SHEET)
    ws.sheet_properties.tabColor = "70AD47"
    titel = f"{naam.strip() or 'De puzzel'} zonder macro's: zo begint u (xlwings Lite)"
    tekst_blijft_tekst(ws.cell(1, 1, titel)).font = font(bold=True, size=14)
    main_lines = code.main_py.rstrip("\n").split("\n")
    req_lines = code.requirements_txt.rstrip("\n").split("\n")
    eerste_main = 8
    laatste_main = eerste_main + len(main_lines) - 1
    eerste_req = laatste_main + 3
    laatste_req = eerste_req + len(req_lines) - 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, stap in enumerate(stappen(eerste_main, laatste_main, eerste_req, laatste_req)):
        cell = ws.cell(3 + i, 1, stap)
        cell.alignment = wrap
    ws.cell(eerste_main - 1, 1, "main.py").font = font(bold=True)
    ws.cell(eerste_req - 1, 1, "requirements.txt").font = font(bold=True)
    code_font = font(size=10)
    for first, lines in ((eerste_main, main_lines), (eerste_req, req_lines)):
        for i, line in enumerate(lines):
            cell = ws.cell(first + i, 1)
            if line:
                cell.value = line
                cell.data_type = "s"  # text, also where a line starts with '=' or '@'
                cell.font = code_font
    ws.column_dimensions["A"].width = 110
    for row in range(3, 6):
        fit_row_height(ws, row)
    a4_liggend(ws)


def webextension_xml(code: LiteCode) -> bytes:
    """The web-extension part: Lite's store reference and its two files as add-in settings."""
    props = {
        "Office.AutoShowTaskpaneWithDocument": True,
        "main.py": code.main_py,
        "requirements.txt": code.requirements_txt,
    }
    properties = "".join(
        f"<we:property name={quoteattr(name)} value={quoteattr(json.dumps(value, ensure_ascii=False))}/>"
        for name, value in props.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<we:webextension xmlns:we="{NS_WE}" id="{WEBEXTENSION_ID}">'
        f'<we:reference id="{LITE_STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{LITE_STORE_ID}" version="1.0.0.0" store="{LITE_STORE_ID}" '
        'storeType="OMEX"/></we:alternateReferences>'
        f"<we:properties>{properties}</we:properties>"
        f'<we:bindings/><we:snapshot xmlns:r="{NS_R}"/></we:webextension>'
    ).encode()


def taskpanes_xml(rel_id: str) -> bytes:
    """The task pane of the web extension, docked right and visible when the workbook opens."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<wetp:taskpanes xmlns:wetp="{NS_WETP}"><wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
        f'<wetp:webextensionref xmlns:r="{NS_R}" r:id="{rel_id}"/></wetp:taskpane></wetp:taskpanes>'
    ).encode()


def lite_parts(parts: Mapping[str, bytes], code: LiteCode) -> dict[str, bytes]:
    """An .xlsx package (no VBA, no ribbon: as `build_parts` makes it) with xlwings Lite's parts added."""
    pkg = Package.from_parts(parts)
    types = pkg.content_types
    types.set_override(pkg.main_part, CT_WORKBOOK)
    pkg.write(WEBEXTENSION_PART, webextension_xml(code))
    rel_id = pkg.rels(TASKPANES_PART).add(REL_WEBEXTENSION, WEBEXTENSION_PART)
    pkg.write(TASKPANES_PART, taskpanes_xml(rel_id))
    pkg.rels("").add(REL_TASKPANES, TASKPANES_PART)
    types.set_override(WEBEXTENSION_PART, CT_WEBEXTENSION)
    types.set_override(TASKPANES_PART, CT_TASKPANES)
    return pkg.parts()


def lite_code(wiel: str | None = None) -> LiteCode:
    """`lite/main.py` and `lite/requirements.txt` as shipped, the wheel's address filled in."""
    from xlpuzzel.resources import LITE_DIR

    main_py = (LITE_DIR / "main.py").read_text(encoding="utf-8")
    requirements = (LITE_DIR / "requirements.txt").read_text(encoding="utf-8")
    return LiteCode(main_py, requirements.replace(WIEL_PLAATS, wiel or WIEL_PLAATS))


#: The line of lite/requirements.txt that `puzzel bouw --lite --wiel ADRES` replaces by the wheel's address.
WIEL_PLAATS = "# xlpuzzel-wiel: vervang deze regel door het internetadres van xlpuzzel-<versie>-py3-none-any.whl"
