"""Sheet `Instellingen`: names, dates, kenmerk and deadline for letters and change tracking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.layout import INPUT_COLOR, INSTELLINGEN_SHEET, quote_sheet
from xlpuzzel.nieuw.provincie import NIEUW_INSTELLINGEN, ZONDER_DIALOOG

#: Defined name over the settings table (columns Instelling, Waarde).
INSTELLINGEN_NAME = "instellingen"

DESCRIPTIONS = {
    "afzender_naam": "Afzender van de brieven",
    "afzender_adres": "Bezoekadres van de afzender",
    "afzender_postbus": "Postbus van de afzender",
    "afzender_postcode_plaats": "Postcode en plaats van de postbus",
    "plaats": "Plaats boven de brief",
    "datum_brief": "Datum van de brieven",
    "kenmerk": "Ons kenmerk",
    "prt_datum": "Datum van de provinciale regietafel die de verdeling vaststelde",
    "besluit_uiterlijk": "Uiterste datum voor het besluit van het college",
    "ondertekenaar_naam": "Naam van de ondertekenaar",
    "ondertekenaar_functie": "Functie van de ondertekenaar",
    "contact_naam": "Contactpersoon of -afdeling",
    "contact_telefoon": "Telefoonnummer voor vragen",
    "contact_email": "E-mailadres voor vragen",
    "onderwerp": "Onderwerp van de brieven",
    "bron_wijziging": "Standaardbron in het Wijzigingslog",
    "gemeentenamen": "Officiële schrijfwijze in brieven: 'naam in tabel = officiële naam', gescheiden door ;",
    "datum_memo": "Versiedatum van de memo Tussenstand",
    "realisatie_peildatum": "Peildatum van de gerealiseerde plaatsen in de memo",
    "oek_gerealiseerd": "Gerealiseerde bedden Oekraïense ontheemden op de peildatum",
    "oek_leeg": "Daarvan leegstaand op de peildatum",
    "oek_opgave_vorige": "Vorige opgave Oekraïense ontheemden (1-1-2024)",
    "amv_gerealiseerd": "Gerealiseerde AMV-plaatsen op de peildatum",
}

# Settings of a new puzzel or round, and of the ribbon where Excel shows no dialogs (xlpuzzel.nieuw).
for _key, _text in NIEUW_INSTELLINGEN.items():
    DESCRIPTIONS.setdefault(_key, _text)


def add_instellingen_sheet(wb: Workbook, instellingen: Mapping[str, Any]) -> None:
    """Write the settings table; dates (YYYY-MM-DD) become real Excel dates."""
    # Every workbook has the settings the ribbon reads where Excel shows no dialogs, empty.
    instellingen = {**instellingen, **{k: None for k in ZONDER_DIALOOG if k not in instellingen}}
    ws = wb.create_sheet(INSTELLINGEN_SHEET)
    for col, text in enumerate(("Instelling", "Waarde", "Toelichting"), start=1):
        ws.cell(1, col, text).font = Font(bold=True)
    fill = PatternFill("solid", fgColor=INPUT_COLOR)
    row = 1
    for row, (key, value) in enumerate(instellingen.items(), start=2):
        ws.cell(row, 1, key)
        cell = ws.cell(row, 2, _value(value))
        cell.fill = fill
        if isinstance(cell.value, dt.date):
            cell.number_format = "[$-413]d mmmm yyyy"
        ws.cell(row, 3, DESCRIPTIONS.get(key, ""))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60
    ref = f"{quote_sheet(INSTELLINGEN_SHEET)}!$A$2:$B${max(row, 2)}"
    wb.defined_names[INSTELLINGEN_NAME] = DefinedName(INSTELLINGEN_NAME, attr_text=ref)


def _value(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
