"""What staff type in a number cell, and what the core takes it to mean."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlpuzzel.entry import EXCEL_ERRORS, Kind, interpret, make_entry


@pytest.mark.parametrize(
    ("raw", "kind", "number", "amount"),
    [
        ("1.077", Kind.NUMBER, 1077, 1077),
        ("-1.077", Kind.NUMBER, -1077, -1077),
        ("120.000", Kind.NUMBER, 120000, 120000),
        ("-128", Kind.NUMBER, -128, -128),
        ("+12", Kind.NUMBER, 12, 12),
        ("-0", Kind.NUMBER, 0, 0),
        ("1 077", Kind.NUMBER, 1077, 1077),
        ("1\u00a0077", Kind.NUMBER, 1077, 1077),
        (" 449 ", Kind.NUMBER, 449, 449),
        ("12,0", Kind.NUMBER, 12, 12),
        (5722, Kind.NUMBER, 5722, 5722),
        (5722.0, Kind.NUMBER, 5722, 5722),
        ("2,5", Kind.DECIMAL, Fraction(5, 2), None),
        ("1.077,5", Kind.DECIMAL, Fraction(2155, 2), None),
        (2.5, Kind.DECIMAL, Fraction(5, 2), None),
        (0.1, Kind.DECIMAL, Fraction(1, 10), None),
        ("81%", Kind.PERCENT, Fraction(81, 100), None),
        ("97,7 %", Kind.PERCENT, Fraction(977, 1000), None),
        ("ntb", Kind.NTB, None, None),
        ("NTB", Kind.NTB, None, None),
        ("n.t.b.", Kind.NTB, None, None),
        ("nader te bepalen", Kind.NTB, None, None),
        ("n.v.t.", Kind.NVT, None, 0),
        ("nvt", Kind.NVT, None, 0),
        ("-", Kind.DASH, None, 0),
        ("\u2013", Kind.DASH, None, 0),
        (None, Kind.BLANK, None, 0),
        ("", Kind.BLANK, None, 0),
        ("   ", Kind.BLANK, None, 0),
        ("veel", Kind.TEXT, None, None),
        ("1.5", Kind.TEXT, None, None),  # no Dutch way to write a number
        (True, Kind.TEXT, None, None),
        (False, Kind.TEXT, None, None),
        (float("nan"), Kind.TEXT, None, None),
        (float("inf"), Kind.TEXT, None, None),
        ("#REF!", Kind.ERROR, None, None),
        ("#DIV/0!", Kind.ERROR, None, None),
        ("#n/a", Kind.ERROR, None, None),
    ],
)
def test_typed_value_has_its_meaning(raw: object, kind: Kind, number: object, amount: int | None) -> None:
    """Each way staff write a cell maps to one kind, an exact number, and an amount of places."""
    entry = make_entry(raw)
    assert entry.kind is kind
    assert entry.number == number
    assert entry.amount == amount
    if number is not None:
        assert isinstance(entry.number, Fraction)


def test_blank_dash_and_nvt_mean_zero_places() -> None:
    """Blank, '-' and 'n.v.t.' offer nothing: amount and value 0."""
    for raw in (None, "-", "n.v.t."):
        assert make_entry(raw).amount == 0
        assert make_entry(raw).value == 0


def test_ntb_text_and_errors_are_unknown() -> None:
    """'ntb', text and error values have no amount: the core cannot count them."""
    for raw in ("ntb", "veel", "#REF!"):
        assert make_entry(raw).amount is None
        assert make_entry(raw).value is None


def test_every_excel_error_is_recognised() -> None:
    """All error values Excel can store are an error, not text."""
    assert all(interpret(code)[0] is Kind.ERROR for code in EXCEL_ERRORS)


def test_error_flag_wins_over_the_cached_text() -> None:
    """A cell Excel stored as an error is an error even when its cached text looks otherwise."""
    entry = make_entry("#N/A", sheet="Puzzel", cell="H14", error=True)
    assert entry.kind is Kind.ERROR
    assert (entry.sheet, entry.cell) == ("Puzzel", "H14")


def test_entry_keeps_provenance_and_formula() -> None:
    """An entry remembers its sheet, cell and formula; its raw value is the cached result."""
    entry = make_entry(449, sheet="Puzzel", cell="F5", formula="=SUM(C5:E5)")
    assert entry.is_formula
    assert (entry.sheet, entry.cell, entry.raw) == ("Puzzel", "F5", 449)
    assert not make_entry(449).is_formula


def test_display_shows_what_staff_typed() -> None:
    """Messages quote the value as typed: 5722.0 reads '5722', blank reads 'leeg'."""
    assert make_entry(5722.0).display() == "5722"
    assert make_entry(None).display() == "leeg"
    assert make_entry("1.077").display() == "1.077"
    assert make_entry("ntb").display() == "ntb"


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_with_dutch_thousands_separators_read_back(n: int) -> None:
    """Any whole number written the Dutch way ('1.077', '-120.000') means that number."""
    entry = make_entry(_dutch(n))
    assert entry.kind is Kind.NUMBER
    assert entry.amount == n


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=99))
def test_dutch_decimals_read_back_exactly(whole: int, cents: int) -> None:
    """'1.077,25' is exactly 1077.25, never a rounded float."""
    sign = "-" if whole < 0 else ""
    text = f"{sign}{_dutch(abs(whole))},{cents:02d}"
    value = Fraction(abs(whole)) + Fraction(cents, 100)
    entry = make_entry(text)
    assert entry.number == (-value if whole < 0 else value)
    assert entry.kind is (Kind.NUMBER if (entry.number or 0).denominator == 1 else Kind.DECIMAL)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_floats_from_excel_are_counts(n: int) -> None:
    """Excel stores every number as a float; a whole one is a count."""
    entry = make_entry(float(n))
    assert entry.kind is Kind.NUMBER
    assert entry.amount == n


@pytest.mark.parametrize(("raw", "count"), [(1077.0000000000002, 1077), (420.00000000000006, 420), (0.9999999999999999, 1)])
def test_floating_noise_in_a_whole_number_is_that_count(raw: float, count: int) -> None:
    """A formula's 1077.0000000000002 is 1077 at Excel's 15 digits: a count, not a decimal."""
    entry = make_entry(raw)
    assert entry.kind is Kind.NUMBER
    assert entry.amount == count
