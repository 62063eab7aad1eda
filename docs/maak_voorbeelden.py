"""Make the example pictures in docs/: page 1 and 2 of a letter, page 1 of the memo, and sheet Puzzel.

Run from the repository root: `python docs/maak_voorbeelden.py` (needs LibreOffice and
poppler's pdftoppm). The letter and memo are made from the table of 12-7-2024 with its
inconsistencies resolved as the tests resolve them (tests/conftest.py), addressed to an
obviously made-up address ("Testadres") with made-up letter settings (kenmerk "TEST/0000", dated
in 2099): the real addresses, kenmerk, date and deadline are typed by staff on sheets Adressen
and Instellingen. Sheet Puzzel is the shipped puzzel.xlsm, recalculated by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import adressen_van_test, resolve_as_staff_would

from xlpuzzel.brief import render_brieven, render_memo
from xlpuzzel.brief.pdf import naar_pdf
from xlpuzzel.build import load_dataset
from xlpuzzel.resources import DEFAULT_DATA, DEFAULT_WORKBOOK

DOCS = ROOT / "docs"
#: The letter shown: a gemeente with a bijstelling, so the swap sentence is in the picture.
GEMEENTE = "Borger-Odoorn"
#: Pixels per inch of the pictures: A4 becomes about 830 x 1170 pixels.
DPI = 100


def png(pdf: Path, page: int, target: Path) -> None:
    """One page of a PDF as a PNG."""
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(pdf), str(stem)], check=True)


def main() -> None:
    """Render the documents and the workbook in one LibreOffice batch, then cut the pages."""
    dataset = resolve_as_staff_would(load_dataset(DEFAULT_DATA))
    adressen = adressen_van_test(dataset)
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-docs-") as tmp:
        work = Path(tmp)
        brief = render_brieven(dataset.puzzel, dataset.instellingen, work, gemeenten=[GEMEENTE], adressen=adressen)
        memo = render_memo(dataset.puzzel, dataset.instellingen, work, adressen=adressen)
        werkmap = work / "puzzel.xlsm"
        shutil.copy(DEFAULT_WORKBOOK, werkmap)
        pdfs = naar_pdf([brief.documenten[0], memo.documenten[0], werkmap], work)
        png(pdfs[0], 1, DOCS / "brief-voorbeeld-1.png")
        png(pdfs[0], 2, DOCS / "brief-voorbeeld-2.png")
        png(pdfs[1], 1, DOCS / "memo-voorbeeld.png")
        png(pdfs[2], 1, DOCS / "puzzel-voorbeeld.png")
    for name in ("brief-voorbeeld-1.png", "brief-voorbeeld-2.png", "memo-voorbeeld.png", "puzzel-voorbeeld.png"):
        print(f"geschreven: docs/{name}")


if __name__ == "__main__":
    main()
