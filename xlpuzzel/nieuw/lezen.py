"""Reading a gemeenten file from disk (CSV or .xlsx): the thin file shell over :mod:`xlpuzzel.nieuw.bestand`.

Only this module opens the file; the parsing and every check is the pure core's. A worksheet
is read with openpyxl in read-only mode (cells' last calculated values, not formulas).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from xlpuzzel.nieuw.bestand import GemeentenBestand, GemeentenBestandFout, parse_csv, parse_rijen

#: A gemeenten file is a few kilobytes (342 gemeenten: about 10 kB); far more is a wrong file.
MAX_BYTES = 20_000_000
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def lees_gemeentebestand(pad: str | os.PathLike[str]) -> GemeentenBestand:
    """Read and parse a gemeenten file; GemeentenBestandFout with a Dutch message naming it otherwise."""
    path = Path(pad)
    naam = path.name
    try:
        if path.is_dir():
            raise GemeentenBestandFout(f"{path}: dit is een map; geef het gemeentenbestand (.csv of .xlsx).")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise GemeentenBestandFout(
                f"{path}: het bestand is {size // 1_000_000} MB; een gemeentenbestand is een paar kilobyte. Is dit het "
                "goede bestand?"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise GemeentenBestandFout(f"{path}: bestand niet gevonden.") from exc
    except PermissionError as exc:
        raise GemeentenBestandFout(f"{path}: geen leesrechten (is het geopend in een ander programma?).") from exc
    except OSError as exc:
        raise GemeentenBestandFout(f"{path}: het bestand kan niet gelezen worden ({exc.strerror}).") from exc
    return lees_gemeentebytes(data, naam)


def lees_gemeentebytes(data: bytes, naam: str) -> GemeentenBestand:
    """Parse a gemeenten file given as bytes: a worksheet file by its zip signature, else CSV text."""
    if data.startswith(_OLE):
        raise GemeentenBestandFout(
            f"{naam}: dit is een oud .xls-bestand of een beveiligd bestand. Sla het in Excel op als .xlsx "
            "(Excel-werkmap) of als 'CSV UTF-8 (door komma's gescheiden)'."
        )
    if data.startswith(_ZIP):
        return parse_rijen(_werkblad_rijen(data, naam), naam, "rij")
    try:
        tekst = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = data.count(b"\n", 0, exc.start) + 1
        raise GemeentenBestandFout(
            f"{naam} regel {regel}: het bestand is niet als UTF-8 opgeslagen (bijv. een letter met een accent). "
            "Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)', of in Kladblok met codering UTF-8."
        ) from exc
    if "\x00" in tekst:
        raise GemeentenBestandFout(f"{naam}: dit is geen tekstbestand (CSV) en geen Excel-werkmap (.xlsx).")
    return parse_csv(tekst, naam)


def _werkblad_rijen(data: bytes, naam: str) -> list[tuple[int, Sequence[object]]]:
    """(row number, values) of the worksheet that holds the header: the active sheet, else the first that does."""
    import io

    from openpyxl import load_workbook

    from xlpuzzel.nieuw.bestand import GEMEENTE, INWONERS, MAX_GEMEENTEN, sleutel

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any failure of a foreign parser on a damaged file is one Dutch message
        raise GemeentenBestandFout(
            f"{naam}: geen leesbare Excel-werkmap (.xlsx). Sla het opnieuw op in Excel, of als 'CSV UTF-8'."
        ) from exc
    try:
        bladen = list(wb.worksheets)
        if wb.active in bladen:
            bladen.remove(wb.active)
            bladen.insert(0, wb.active)
        eerste: list[tuple[int, Sequence[object]]] | None = None
        for ws in bladen:
            rijen = list(_rijen(ws, MAX_GEMEENTEN + 20))
            if eerste is None:
                eerste = rijen
            kop = {sleutel(c) for _nr, cellen in rijen[:20] for c in cellen if c is not None}
            if GEMEENTE in kop and INWONERS in kop:
                return rijen
        return eerste or []
    except GemeentenBestandFout:
        raise
    except Exception as exc:  # a part damaged past the zip directory surfaces while reading rows
        raise GemeentenBestandFout(
            f"{naam}: de werkmap is beschadigd en kan niet gelezen worden. Sla het opnieuw op in Excel, of als 'CSV UTF-8'."
        ) from exc
    finally:
        wb.close()


def _rijen(ws: object, limiet: int) -> Iterator[tuple[int, Sequence[object]]]:
    for nr, cellen in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if nr > limiet:
            return
        yield nr, cellen
