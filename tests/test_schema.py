"""The indicatief schema of the LRT dashboard (peildatum 1 September 2024), reproduced exactly."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlpuzzel.errors import PuzzelError
from xlpuzzel.schema import as_date, indicatief_exact, indicatief_schema, round_half_up

PEILDATUM = dt.date(2024, 9, 1)
EIND = dt.date(2025, 1, 1)

#: Startpunt, eindpunt, start date and the dashboard's indicatief schema (seed, LRT dashboard).
DASHBOARD = {
    "Oek": (97_001, 120_000, dt.date(2024, 2, 1), 111_624),
    "Asiel": (69_900, 96_000, dt.date(2024, 1, 1), 87_300),
    "Huisvesting": (10_874, 27_874, dt.date(2024, 7, 1), 16_602),
    "AMV": (3_659, 8_140, dt.date(2024, 1, 1), 6_646),
    "Nidos": (3_900, 4_600, dt.date(2024, 7, 1), 4_136),
}
#: Huidige realisatie and achterstand of the same dashboard.
REALISATIE = {"Oek": (92_189, 19_435), "Asiel": (69_948, 17_352), "Huisvesting": (5_568, 11_034),
              "AMV": (4_379, 2_267), "Nidos": (1_684, 2_452)}


@pytest.mark.parametrize("categorie", DASHBOARD)
def test_schema_reproduces_the_lrt_dashboard_of_1_september_2024(categorie):
    """Calendar days, rounded to whole places: all five categories as the dashboard prints them."""
    start, eind, startdatum, verwacht = DASHBOARD[categorie]
    assert indicatief_schema(start, eind, startdatum, EIND, PEILDATUM) == verwacht


@pytest.mark.parametrize("categorie", DASHBOARD)
def test_achterstand_is_schema_minus_realisatie(categorie):
    """The dashboard's achterstand is the rounded schema minus the realisatie."""
    start, eind, startdatum, _ = DASHBOARD[categorie]
    realisatie, achterstand = REALISATIE[categorie]
    assert indicatief_schema(start, eind, startdatum, EIND, PEILDATUM) - realisatie == achterstand


def test_whole_months_or_truncation_would_not_reproduce_the_dashboard():
    """Months give Oek 111.637 and truncation Nidos 4.135: the dashboard uses days and rounds."""
    oek = DASHBOARD["Oek"]
    months = Fraction(7, 11)  # February..September of February..January
    assert round_half_up(oek[0] + (oek[1] - oek[0]) * months) != oek[3]
    nidos = DASHBOARD["Nidos"]
    exact = indicatief_exact(nidos[0], nidos[1], nidos[2], EIND, PEILDATUM)
    assert int(exact) == 4_135 and round_half_up(exact) == nidos[3]


def test_schema_holds_at_the_old_task_before_and_at_the_new_task_after():
    """Before the start date the old task, after the end date the new one."""
    assert indicatief_schema(100, 200, dt.date(2024, 1, 1), EIND, dt.date(2023, 6, 1)) == 100
    assert indicatief_schema(100, 200, dt.date(2024, 1, 1), EIND, dt.date(2026, 6, 1)) == 200


def test_schema_reads_cell_values_as_staff_type_them():
    """'97.001' as text, Excel date numbers and '1-9-2024' all work."""
    assert indicatief_schema("97.001", "120.000", "1-2-2024", 45658, "1 september 2024") == 111_624


def test_an_end_date_not_after_the_start_date_is_a_dutch_error():
    """Einddatum on or before the startdatum: the line has no slope."""
    with pytest.raises(PuzzelError, match=r"De einddatum \(1-1-2024\) ligt niet na de startdatum \(1-2-2024\)"):
        indicatief_schema(1, 2, dt.date(2024, 2, 1), dt.date(2024, 1, 1), PEILDATUM)


def test_text_where_a_number_belongs_is_a_dutch_error():
    """'ntb' as the old task names the argument."""
    with pytest.raises(PuzzelError, match="Startpunt opgave: 'ntb' is geen getal"):
        indicatief_schema("ntb", 2, dt.date(2024, 1, 1), EIND, PEILDATUM)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2024, 9, 1, 13, 5), dt.date(2024, 9, 1)),
        (45536, dt.date(2024, 9, 1)),
        (45536.75, dt.date(2024, 9, 1)),
        ("01-09-2024", dt.date(2024, 9, 1)),
        ("1/9/2024", dt.date(2024, 9, 1)),
        ("2024-09-01", dt.date(2024, 9, 1)),
        ("1 sept 2024", dt.date(2024, 9, 1)),
    ],
)
def test_dates_come_as_dates_excel_numbers_or_dutch_text(raw, expected):
    """Every way a date reaches a cell reads as that date."""
    assert as_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "31-2-2024", "morgen", 12, True])
def test_what_is_no_date_is_a_dutch_error(raw):
    """Blank, impossible dates, text and tiny numbers are refused in Dutch."""
    with pytest.raises(PuzzelError, match="Peildatum: .* (geen|geen bestaande) datum"):
        as_date(raw, "Peildatum")


@given(
    st.integers(0, 200_000), st.integers(0, 200_000),
    st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)), st.integers(1, 2000), st.integers(-100, 2200),
)
def test_schema_lies_between_old_and_new_task(start, eind, startdatum, dagen, peil):
    """Whatever the dates, the schema is between the old and the new task, and exact at both ends."""
    einddatum = startdatum + dt.timedelta(days=dagen)
    value = indicatief_exact(start, eind, startdatum, einddatum, startdatum + dt.timedelta(days=peil))
    assert min(start, eind) <= value <= max(start, eind)
    assert indicatief_exact(start, eind, startdatum, einddatum, startdatum) == start
    assert indicatief_exact(start, eind, startdatum, einddatum, einddatum) == eind


@given(st.fractions(min_value=-10_000, max_value=10_000))
def test_rounding_is_half_away_from_zero(value):
    """round_half_up is Excel's ROUND(x; 0)."""
    result = round_half_up(value)
    assert abs(value - result) <= Fraction(1, 2)
    if abs(value - result) == Fraction(1, 2):
        assert abs(result) > abs(value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (12.0, "Peildatum: 12 is geen datum."),
        (3_000_000.0, "Peildatum: 3.000.000 is geen datum."),
        (True, "Peildatum: WAAR is geen datum (schrijf bijvoorbeeld 1-9-2024)."),
    ],
)
def test_a_value_that_is_no_date_is_shown_as_dutch_excel_shows_it(raw, message):
    """Excel hands numbers over as floats: the message says 12 and 3.000.000, not Python's 12.0 or True."""
    with pytest.raises(PuzzelError) as info:
        as_date(raw, "Peildatum")
    assert info.value.melding == message
