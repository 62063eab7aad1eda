"""Render sheets Landelijk and Prognose of puzzel.xlsm to PNG for the docs (LibreOffice -> PDF -> pdftoppm).

Writes docs/landelijk-voorbeeld.png (cards and table), docs/landelijk-grafieken.png (the charts)
and docs/prognose-voorbeeld.png.
Each PNG is the page of the sheet's PDF that shows a given text; the workbook itself is not
changed. Needs LibreOffice and poppler-utils (pdftoppm, pdftotext).

Usage: python docs/maak_landelijk_png.py [WERKMAP]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, PROGNOSE_SHEET
from xlpuzzel.package import package_bytes, read_package
from xlpuzzel.recalc import private_profile, run_soffice, soffice_command

DOCS = ROOT / "docs"
#: Sheet -> (a text on the page, the PNG to write).
OUT = {
    LANDELIJK_SHEET: [("Opgaven en realisatie per provincie", DOCS / "landelijk-voorbeeld.png"),
                      ("Indicatief schema en realisatie per kaart", DOCS / "landelijk-grafieken.png")],
    PROGNOSE_SHEET: [("Laatste jaar (horizon)", DOCS / "prognose-voorbeeld.png")],
}


def only_sheet(parts: dict[str, bytes], keep: str) -> dict[str, bytes]:
    """The parts with every sheet but `keep` hidden and `keep` the active tab."""
    out = dict(parts)
    xml = out["xl/workbook.xml"].decode("utf-8")
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', xml)

    def state(match: re.Match[str]) -> str:
        tag = re.sub(r' state="[^"]*"', "", match.group(0))
        name = re.search(r'name="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
        return tag if name == keep else tag.replace("<sheet ", '<sheet state="hidden" ', 1)

    xml = re.sub(r"<sheet [^>]*/>", state, xml)
    xml = re.sub(r'activeTab="\d+"', f'activeTab="{names.index(keep)}"', xml)
    if "activeTab=" not in xml:
        xml = xml.replace("<workbookView ", f'<workbookView activeTab="{names.index(keep)}" ', 1)
    out["xl/workbook.xml"] = xml.encode("utf-8")
    return out


def render(workbook: Path, sheet: str, targets: list[tuple[str, Path]]) -> None:
    """For each (text, target): the first page of the sheet's PDF that shows that text, as PNG.

    LibreOffice prints hidden sheets too, so pages are found by what they show.
    """
    with tempfile.TemporaryDirectory() as tmp, private_profile() as profile:
        source = Path(tmp) / f"{sheet.lower()}.xlsx"
        source.write_bytes(package_bytes(only_sheet(read_package(workbook), sheet)))
        run_soffice([*soffice_command(profile), "--convert-to", "pdf", "--outdir", tmp, str(source)])
        pdf = source.with_suffix(".pdf")
        if not pdf.is_file():
            raise SystemExit(f"LibreOffice maakte geen PDF van {source.name}")
        pages = _page_texts(pdf)
        for text, target in targets:
            page = next((i for i, t in enumerate(pages, start=1) if text in t), None)
            if page is None:
                raise SystemExit(f"geen pagina met '{text}' in de PDF van blad {sheet}")
            prefix = Path(tmp) / f"pagina{page}"
            subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", "-f", str(page), "-l", str(page),
                            str(pdf), str(prefix)], check=True)
            shutil.copy(prefix.with_suffix(".png"), target)
            print(target.relative_to(ROOT))


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def main() -> None:
    workbook = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "puzzel.xlsm"
    for sheet, targets in OUT.items():
        render(workbook, sheet, targets)


if __name__ == "__main__":
    main()
