"""Letters and memo as the college and the signer see them: rendered to PDF by LibreOffice and read back.

One LibreOffice batch for the twelve letters and one for the memo; every check reads the
PDF's text per page (pdftotext), so it sees what Word's layout engine would put on paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from xlpuzzel.brief import render_brieven, render_memo
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.recalc import find_soffice

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice (soffice) of pdftotext ontbreekt"),
]

OWN_NAMES = {"Midden Drenthe": "Midden-Drenthe"}
PEOPLE = {"oek": ("Oekraïense ontheemde", "Oekraïense ontheemden"), "asiel": ("asielzoeker", "asielzoekers"),
          "amv": ("AMV", "AMV")}
PLACES = {"oek": ("plaats voor Oekraïense ontheemden", "plaatsen voor Oekraïense ontheemden"),
          "asiel": ("plaats asiel regulier", "plaatsen asiel regulier"), "amv": ("AMV-plaats", "AMV-plaatsen")}


def count(n: int, nouns: tuple[str, str]) -> str:
    """'1 asielzoeker', '287 asielzoekers'."""
    return f"{dutch(n)} {nouns[0] if n == 1 else nouns[1]}"


def dutch(n: int) -> str:
    """A count as the documents print it."""
    return f"{n:,}".replace(",", ".")


def raw_pages(pdf: Path) -> list[str]:
    """The text of each page as laid out (columns side by side on one line)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def pages(pdf: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join(page.split()) for page in raw_pages(pdf)]


def landscape(pdf: Path, page: int) -> bool:
    """True when the page is wider than high (pdfinfo's page size)."""
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", info).groups())
    return width > height


@pytest.fixture(scope="module")
def documenten(tmp_path_factory: pytest.TempPathFactory, opgeloste_dataset, opgeloste_adressen, opgeloste_werkmap):
    """The twelve letters and the memo of the resolved workbook (with its sheets Landelijk and Prognose), as PDFs."""
    from xlpuzzel.usecases import memogegevens
    from xlpuzzel.workbookfile import open_workbook

    out = tmp_path_factory.mktemp("pdf")
    puzzel, settings = opgeloste_dataset.puzzel, opgeloste_dataset.instellingen
    with open_workbook(opgeloste_werkmap) as werkmap:
        bladen = memogegevens(werkmap)
    brieven = render_brieven(puzzel, settings, out, pdf=True, adressen=opgeloste_adressen)
    memo = render_memo(puzzel, settings, out, pdf=True, adressen=opgeloste_adressen, landelijk=bladen.landelijk,
                       prognose=bladen.prognose)
    return brieven, memo


def letter(documenten, name: str) -> Path:
    """The PDF of the letter to a gemeente (its name in the table)."""
    own = OWN_NAMES.get(name, name).replace(" ", "-")
    return next(p for p in documenten[0].pdfs if p.stem.endswith(f"-{own}"))


def test_every_letter_is_a_pdf_with_numbered_pages_and_its_bijlage_landscape(documenten, opgeloste_dataset):
    """'pagina N van M' on every page; the last page (the whole table) is landscape."""
    brieven, memo = documenten
    assert len(brieven.pdfs) == 12 and len(memo.pdfs) == 1
    for pdf in (*brieven.pdfs, *memo.pdfs):
        texts = pages(pdf)
        for n, text in enumerate(texts, start=1):
            assert f"pagina {n} van {len(texts)}" in text, (pdf.name, n)
        assert landscape(pdf, len(texts)) and not landscape(pdf, 1), pdf.name
    print("pagina's per brief:", {p.stem: len(pages(p)) for p in brieven.pdfs}, "memo:", len(pages(memo.pdfs[0])))


def test_the_address_block_names_the_college_and_its_postal_address(documenten, opgeloste_dataset, opgeloste_adressen):
    """Page 1 of each letter: the college of the gemeente (own spelling), postal address, 'postcode  PLAATS'."""
    for name in opgeloste_dataset.puzzel.gemeenten:
        # The sender's block stands to the right on the same lines: read each line's left part.
        lines = [" ".join(line.split("   ")[0].split()) for line in raw_pages(letter(documenten, name))[0].splitlines()]
        lines = [line for line in lines if line]
        adres = opgeloste_adressen[name.casefold()]
        block = ["Het college van burgemeester en wethouders", f"van de gemeente {OWN_NAMES.get(name, name)}",
                 adres.postadres, f"{adres.postcode} {adres.plaats.upper()}"]
        start = lines.index(block[0])
        assert lines[start:start + 4] == block, (name, lines[:12])


def test_the_gap_sentences_carry_the_workbooks_numbers(documenten, opgeloste_dataset):
    """Per category 'U vangt N <people> minder/meer op dan uw opgave', N = inbreng − task of the workbook."""
    puzzel = opgeloste_dataset.puzzel
    for i, name in enumerate(puzzel.gemeenten):
        text = " ".join(pages(letter(documenten, name)))
        for c in CATEGORIES:
            gap = puzzel.entry(f"inbreng_{c.value}", i).amount - puzzel.entry(f"opgave_{c.value}", i).amount
            if gap:
                word = "minder" if gap < 0 else "meer"
                sentence = f"U vangt {count(abs(gap), PEOPLE[c.value])} {word} op dan uw opgave."
                assert sentence in text, (name, sentence)


def test_each_gemeente_with_a_bijstelling_reads_what_it_swaps(documenten, opgeloste_dataset):
    """'In plaats van 128 plaatsen asiel regulier vangt u 138 Oekraïense ontheemden en 38 AMV extra op.'"""
    puzzel = opgeloste_dataset.puzzel
    swaps = 0
    for i, name in enumerate(puzzel.gemeenten):
        changes = {c.value: puzzel.entry(f"bijstelling_{c.value}", i).amount or 0 for c in CATEGORIES}
        text = " ".join(pages(letter(documenten, name)))
        less = [count(-n, PLACES[c]) for c, n in changes.items() if n < 0]
        more = [count(n, PEOPLE[c]) for c, n in changes.items() if n > 0]
        if less and more:
            expected = f"In plaats van {' en '.join(less)} vangt u {' en '.join(more)} extra op."
        elif more:
            expected = f"Bovenop uw eerste voorstel vangt u {' en '.join(more)} extra op."
        else:
            assert "De voorgestelde bijstelling" not in text, name
            continue
        swaps += 1
        assert expected in text, (name, expected)
    assert swaps == 5  # Borger-Odoorn, De Wolden, Midden-Drenthe, Noordenveld, Tynaarlo


def test_no_page_holds_only_the_closing(documenten):
    """The closing travels with the last paragraph: the page with 'Hoogachtend' also holds body text and the signer."""
    for pdf in documenten[0].pdfs:
        page = next(p for p in pages(pdf) if "Hoogachtend" in p)
        before = page.split("Hoogachtend")[0]
        assert "Voor vragen over deze brief" in before, pdf.name
        assert "Jetta Klijnsma" in page.split("Hoogachtend")[1], pdf.name


def test_the_memo_has_the_structure_of_the_prt_memo(documenten):
    """Aanleiding, stand van zaken per opgave, het voorstel en waarom, voorbehoud, bijlage: in that order."""
    text = " ".join(pages(documenten[1].pdfs[0]))
    order = ["Voorstel", "Aanleiding", "Stand van zaken per opgave", "Ontheemden uit Oekraïne", "Asiel (Spreidingswet)",
             "AMV", "Statushouders en Nidos", "Landelijk beeld", "Prognose statushouders", "Het voorstel en waarom",
             "Samenvattend", "Voorbehoud", "Bijlage 1 — overzicht gegevens gemeenten"]
    positions = [text.find(h) for h in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), dict(zip(order, positions))
    assert "Tussenstand “De Drentse Puzzel” en een voorstel voor 2025 en 2026" in text


def test_the_memos_national_picture_and_prognosis_read_whole_on_paper(documenten):
    """Each of the two sections from sheets Landelijk and Prognose starts on the page of its heading and is not cut
    off: its heading is never the last line of a page, its last sentence is on paper."""
    pdf = documenten[1].pdfs[0]
    text = " ".join(pages(pdf))
    assert ("Landelijk beeld Volgens het LRT-dashboard (peildatum 1 september 2024) is landelijk gerealiseerd: opvang "
            "Oekraïense ontheemden 83% van het indicatief schema (92.189 van 111.624 plaatsen, achterstand 19.435)") in text
    assert "Drenthe: opvang Oekraïense ontheemden 83% van het indicatief schema (4.425 van 5.315 plaatsen" in text
    assert ("Prognose statushouders Bij een taakstelling van 1.100 en 950 tot 985 gehuisveste statushouders per jaar "
            "loopt de achterstand op van 0 op 1 januari 2023 tot 1.165 op 31 december 2030; in 2030 zijn dan 2.115 "
            "statushouders te huisvesten (achterstand plus taakstelling).") in text
    for page in raw_pages(pdf):
        body = [line.strip() for line in page.splitlines() if line.strip() and "pagina" not in line]
        assert body[-1] not in ("Landelijk beeld", "Prognose statushouders"), body[-3:]
