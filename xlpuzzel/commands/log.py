"""`puzzel log`: show the Wijzigingslog, or export it for publication under the Woo (--woo).

The export writes `<BESTAND>.xlsx` and `<BESTAND>.csv` (';' separated, UTF-8 with BOM for
Dutch Excel), each atomically; the workbook itself is only read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.commands import STANDAARD_WERKMAP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel log`."""
    parser.add_argument(
        "werkmap", nargs="?", default=STANDAARD_WERKMAP, metavar="WERKMAP",
        help="werkmap (.xlsm of .xlsx); standaard puzzel.xlsm in de huidige map",
    )
    parser.add_argument("--woo", action="store_true", help="exporteer voor publicatie: namen vervangen door rol of pseudoniem")
    parser.add_argument(
        "--uit", default=None, metavar="BESTAND",
        help="naam van de export zonder extensie; standaard <werkmap>-wijzigingslog-woo naast de werkmap",
    )


def run(args: argparse.Namespace) -> int:
    """Print the log, or write the Woo export."""
    from xlpuzzel.usecases import wijzigingslog
    from xlpuzzel.workbookfile import open_workbook

    path = Path(args.werkmap)
    with open_workbook(path) as werkmap:
        log = wijzigingslog(werkmap)
    if not args.woo:
        _print_log(log.regels)
        return 0
    from xlpuzzel.woo import woo_csv, woo_regels

    regels = woo_regels(log.regels, log.pseudoniemen)
    base = Path(args.uit) if args.uit else path.with_name(f"{path.stem}-wijzigingslog-woo")
    if base.suffix.lower() in (".xlsx", ".csv"):
        base = base.with_suffix("")
    xlsx, csv_path = base.with_name(base.name + ".xlsx"), base.with_name(base.name + ".csv")
    from xlpuzzel.package import atomic_write

    atomic_write(xlsx, _xlsx_bytes(regels))
    atomic_write(csv_path, ("\ufeff" + woo_csv(regels)).encode("utf-8"))
    print(f"Woo-export geschreven: {xlsx} en {csv_path} ({len(regels)} rijen, gesorteerd op tijd).")
    print("Gebruikersnamen zijn vervangen door rol of pseudoniem (tabel rechts op het Wijzigingslog). "
          "Controleer de kolom Toelichting zelf op namen en andere persoonsgegevens.")
    return 0


def _print_log(log) -> None:  # type: ignore[no-untyped-def]
    from xlpuzzel.bijstelling import nl_waarde, op_volgorde

    if not log:
        print("Het Wijzigingslog is leeg.")
        return
    for r in op_volgorde(log):
        if r.is_basis:
            print(f"{r.tijdstip:%d-%m-%Y %H:%M:%S}  {r.gebruiker}: basis vastgelegd ({r.bron})")
        else:
            print(
                f"{r.tijdstip:%d-%m-%Y %H:%M:%S}  {r.gebruiker}: {r.cel} {r.gemeente}, {r.kolom_label}: "
                f"{nl_waarde(r.oud)} -> {nl_waarde(r.nieuw)} ({r.bron}){' - ' + r.toelichting if r.toelichting else ''}"
            )


def _xlsx_bytes(regels) -> bytes:  # type: ignore[no-untyped-def]
    """The export as a plain .xlsx (a new file, so openpyxl is safe here)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from xlpuzzel.layout import LOG_DATUM_TIJD_FORMAT
    from xlpuzzel.package import package_bytes, parts_from_bytes
    from xlpuzzel.woo import WOO_HEADERS

    wb = Workbook()
    ws = wb.active
    ws.title = "Wijzigingslog"
    ws.append(list(WOO_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for regel in regels:
        ws.append(list(regel.waarden()))
        ws.cell(ws.max_row, 1).number_format = LOG_DATUM_TIJD_FORMAT
    for letter, width in zip("ABCDEFGHI", (20, 28, 18, 24, 7, 12, 12, 30, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = parts_from_bytes(buffer.getvalue())
    # Fixed document times: the same log gives the same file.
    for name in ("docProps/core.xml",):
        if name in parts:
            import re

            parts[name] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", parts[name])
    return package_bytes(parts)
