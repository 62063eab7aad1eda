"""The gemeenten file staff make themselves: three spellings, names found by meaning, every refusal with its line.

The files here are synthetic (names and numbers made up for the test), written the way
Excel and a text editor write them.
"""

from __future__ import annotations

import io
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xlpuzzel.layout import Category
from xlpuzzel.nieuw.bestand import GemeentenBestandFout, parse_csv, sleutel
from xlpuzzel.nieuw.lezen import lees_gemeentebestand, lees_gemeentebytes

ROWS = [("Appelscha-Noord", 108765, 1200, 100), ("Súdwesthoek", 47958, 250, 20), ("'s-Hertogenbosch", 999, 3, 0)]


def csv_bytes(rows=ROWS, sep=";", bom=True, dutch=True, header=("Gemeente", "Inwoners", "Opgave asiel", "Opgave AMV")) -> bytes:
    """A CSV as Excel writes it: `;` + BOM + Dutch thousands, or `,` plain."""
    def number(n: int) -> str:
        return f"{n:,}".replace(",", ".") if dutch else str(n)

    lines = [sep.join(header)]
    for naam, inw, asiel, amv in rows:
        lines.append(sep.join([naam, number(inw), number(asiel), number(amv)]))
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows=ROWS, header=("gemeente", "inwoners", "opgave_asiel", "opgave_amv"), title: str | None = None) -> bytes:
    """An .xlsx with numbers as numbers (optionally a title line above the header)."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [csv_bytes(), csv_bytes(sep=",", bom=False, dutch=False), xlsx_bytes(), csv_bytes(sep="\t", bom=False)],
    ids=["semicolon-bom-dutch", "comma-plain", "xlsx", "tab"],
)
def test_three_spellings_of_one_file_give_the_same_gemeenten(data):
    """`;` + BOM + Dutch thousands, `,` plain and .xlsx are the same file."""
    bestand = lees_gemeentebytes(data, "gemeenten")
    assert bestand.namen == tuple(r[0] for r in ROWS)
    assert bestand.inwoners == tuple(r[1] for r in ROWS)
    assert bestand.opgaven(Category.ASIEL) == tuple(r[2] for r in ROWS)
    assert bestand.opgaven(Category.AMV) == tuple(r[3] for r in ROWS)
    assert bestand.opgaven(Category.OEK) is None


def test_columns_are_found_by_name_whatever_case_accents_or_order():
    """'INWÓNERS', 'opgave-AMV' and a CBS code column in between are understood; order does not matter."""
    text = "Regiocode;OPGAVE-AMV;INWÓNERS;Gemeente\nGM0001;7;1.234;Appelscha\n"
    bestand = parse_csv(text, "x.csv")
    assert bestand.namen == ("Appelscha",) and bestand.inwoners == (1234,)
    assert bestand.opgaven(Category.AMV) == (7,)


def test_a_title_above_the_header_is_skipped():
    """A source line or title above the header row does not stop the file."""
    bestand = lees_gemeentebytes(xlsx_bytes(title="Bevolking op 1 januari, CBS StatLine"), "g.xlsx")
    assert bestand.namen[0] == "Appelscha-Noord"


def test_a_totaal_row_gives_the_provincial_tasks_and_must_add_up_its_inwoners():
    """A row 'Totaal' holds provincial tasks; its inwoners, if filled, must be the sum of the gemeenten."""
    text = "gemeente;inwoners;opgave_oek\nA;100;\nB;300;\nTotaal;400;1.000\n"
    bestand = parse_csv(text, "g.csv")
    assert bestand.provincie == {Category.OEK: 1000} and bestand.provincie_inwoners == 400
    assert bestand.provincie_regel == 4
    with pytest.raises(GemeentenBestandFout, match=r"g.csv regel 4 \(inwoners\).*402.*400"):
        parse_csv(text.replace("Totaal;400", "Totaal;402"), "g.csv")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("gemeente;inwoners\nA;veel\n", r"g.csv regel 2 \(A, inwoners\): 'veel' is geen aantal"),
        ("gemeente;inwoners\nA;1,5\n", r"regel 2 \(A, inwoners\): '1,5' is geen geheel getal"),
        ("gemeente;inwoners\nA;-5\n", r"regel 2 \(A, inwoners\): -5 is negatief"),
        ("gemeente;inwoners\nA;\n", r"regel 2 \(A, inwoners\): leeg"),
        ("gemeente;inwoners\nA;0\n", r"regel 2 \(A, inwoners\): 0 inwoners"),
        ("gemeente;inwoners\nA;5\n\na;6\n", r"regel 4: gemeente 'a' staat er twee keer in \(ook op regel 2\)"),
        ("gemeente;inwoners\nMidden Drenthe;5\nMidden-Drenthe;6\n", r"regel 3: gemeente 'Midden-Drenthe' staat er twee keer in"),
        ("gemeente;inwoners\n;5\n", r"regel 2: de naam van de gemeente ontbreekt"),
        ("gemeente;inwoners\n=HYPERLINK(\"x\");5\n", r"regel 2: '=HYPERLINK.*' is een formule"),
        ("gemeente;inwoners;opgave_asiel\nA;5;3\nB;6;\n", r"regel 3 \(B, opgave_asiel\): leeg, terwijl 1 andere"),
        ("plaats;aantal\nA;5\n", r"geen kopregel met de kolommen 'gemeente' en 'inwoners'.*'plaats', 'aantal'"),
        ("gemeente;inwoners;inwoners\nA;5;5\n", r"regel 1: de kolom 'inwoners' staat er twee keer in"),
        ("gemeente;inwoners\nTotaal;5\nA;5\n", r"regel 3: gemeente 'A' staat onder de rij met de provinciale opgaven"),
        ("gemeente;inwoners\n", r"geen gemeenten onder de kopregel"),
        ("", r"is leeg"),
        ("gemeente;inwoners\nA;ntb\n", r"'ntb' is geen aantal"),
        ("gemeente;inwoners;opgave_oek\nA;5;3\n", r"regel 2 \(A, opgave_oek\): de Oek-opgave van een gemeente is altijd"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_number(text, pattern):
    """Every refusal names the file and the line (and the gemeente and column where there is one)."""
    with pytest.raises(GemeentenBestandFout, match=pattern):
        parse_csv(text, "g.csv")


def test_a_file_not_saved_as_utf8_names_the_line_of_the_first_bad_byte():
    """Windows-1252 bytes (Excel's plain 'CSV') are refused with the line and how to save as UTF-8."""
    data = "gemeente;inwoners\nAppelscha;5\nSúdwest;6\n".encode("cp1252")
    with pytest.raises(GemeentenBestandFout, match=r"g.csv regel 3: het bestand is niet als UTF-8.*CSV UTF-8"):
        lees_gemeentebytes(data, "g.csv")


def test_an_old_xls_or_a_damaged_xlsx_gets_a_dutch_message():
    """.xls (OLE) and a broken zip are named as such, never a traceback."""
    with pytest.raises(GemeentenBestandFout, match="oud .xls-bestand"):
        lees_gemeentebytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "g.xls")
    with pytest.raises(GemeentenBestandFout, match="geen leesbare Excel-werkmap"):
        lees_gemeentebytes(b"PK\x03\x04" + b"\0" * 100, "g.xlsx")


def test_a_missing_file_or_a_folder_is_named(tmp_path):
    """The path the user typed is named in the message."""
    with pytest.raises(GemeentenBestandFout, match="niet gevonden"):
        lees_gemeentebestand(tmp_path / "weg.csv")
    with pytest.raises(GemeentenBestandFout, match="dit is een map"):
        lees_gemeentebestand(tmp_path)


def test_a_date_or_a_decimal_in_an_xlsx_number_cell_is_refused_with_its_row():
    """On a worksheet the row number is the sheet's own row."""
    import datetime as dt

    data = xlsx_bytes(rows=[("A", dt.datetime(2024, 1, 1), 1, 1)])
    with pytest.raises(GemeentenBestandFout, match=r"g.xlsx rij 2 \(A, inwoners\)"):
        lees_gemeentebytes(data, "g.xlsx")
    with pytest.raises(GemeentenBestandFout, match=r"rij 2 \(A, inwoners\): '12.5' is geen geheel getal"):
        lees_gemeentebytes(xlsx_bytes(rows=[("A", 12.5, 1, 1)]), "g.xlsx")


def test_names_compare_without_case_accents_or_punctuation():
    """sleutel() is how headers and gemeente names are matched."""
    assert sleutel("Opgave Asiel") == sleutel("opgave_asiel") == sleutel("OPGAVE-ASIEL") == "opgave_asiel"
    assert sleutel("Súdwest-Fryslân") == sleutel("sudwest fryslan")


_NAME = st.text(alphabet=string.ascii_letters + "áéíóúâêûëïöü -'", min_size=1, max_size=20).filter(
    lambda s: s.strip() and sleutel(s) and not sleutel(s).startswith(("totaal", "provincie"))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(_NAME, st.integers(1, 2_000_000), st.integers(0, 50_000), st.integers(0, 5_000)),
        min_size=1, max_size=30, unique_by=lambda r: sleutel(r[0]),
    ),
    spelling=st.sampled_from(["semicolon", "comma", "xlsx"]),
)
def test_any_file_written_in_any_spelling_reads_back_as_written(rows, spelling):
    """Names (stripped) and numbers come back exactly, whichever of the three spellings."""
    if spelling == "semicolon":
        data = csv_bytes(rows)
    elif spelling == "comma":
        quoted = [(f'"{n}"' if "," in n else n, *rest) for n, *rest in rows]
        data = csv_bytes(quoted, sep=",", bom=False, dutch=False)
    else:
        data = xlsx_bytes(rows)
    bestand = lees_gemeentebytes(data, "g")
    assert bestand.namen == tuple(r[0].strip() for r in rows)
    assert bestand.inwoners == tuple(r[1] for r in rows)
    assert bestand.opgaven(Category.ASIEL) == tuple(r[2] for r in rows)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400) | st.text(alphabet="gemntinwors;,.\n\r\"-01234567 Totaal\t", max_size=300).map(str.encode))
def test_any_bytes_give_a_file_or_a_dutch_message(data):
    """Fuzz: the parser never fails with anything but its own Dutch message."""
    try:
        bestand = lees_gemeentebytes(data, "g.csv")
    except GemeentenBestandFout as exc:
        assert exc.melding.startswith("g.csv")
    else:
        assert bestand.gemeenten and all(g.inwoners > 0 for g in bestand.gemeenten)


@settings(max_examples=80, deadline=None)
@given(cut=st.integers(10, 4000), flips=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 255)), max_size=5))
def test_a_truncated_or_damaged_xlsx_gives_a_file_or_a_dutch_message(cut, flips):
    """Fuzz: a worksheet file cut short or with bytes changed never ends in a traceback."""
    data = bytearray(_XLSX[:cut] if cut < len(_XLSX) else _XLSX)
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    try:
        lees_gemeentebytes(bytes(data), "g.xlsx")
    except GemeentenBestandFout as exc:
        assert exc.melding.startswith("g.xlsx")


_XLSX = xlsx_bytes()
