"""Sheet `Instellingen`: names, dates, kenmerk and deadline for letters and change tracking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.build.stijl import a4_liggend, fit_row_height, font, tekst_blijft_tekst
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
    "datum_brief": "Datum van de brieven; leeg: de dag waarop de brieven worden gemaakt",
    "kenmerk": "Ons kenmerk",
    "prt_datum": "Datum van de provinciale regietafel die over de verdeling besluit (de memo is voor die PRT; "
    "de brieven zeggen dat de PRT toen instemde)",
    "besluit_uiterlijk": "Uiterste datum voor het besluit van het college",
    "ondertekenaar_naam": "Naam van de ondertekenaar",
    "ondertekenaar_functie": "Functie van de ondertekenaar",
    "contact_naam": "Contactpersoon of -afdeling",
    "contact_telefoon": "Telefoonnummer voor vragen",
    "contact_email": "E-mailadres voor vragen",
    "onderwerp": "Onderwerp van de brieven",
    "bron_wijziging": "Standaardbron in het Wijzigingslog",
    "gemeentenamen": "Oudere werkmappen: 'naam in tabel = eigen schrijfwijze', gescheiden door ; (blad Adressen gaat voor)",
    "datum_memo": "Versiedatum van de memo Tussenstand",
    "realisatie_peildatum": "Peildatum van de gerealiseerde plaatsen in de memo",
    "oek_gerealiseerd": "Gerealiseerde bedden Oekraïense ontheemden op de peildatum",
    "oek_leeg": "Daarvan leegstaand op de peildatum",
    "oek_opgave_vorige": "Vorige opgave Oekraïense ontheemden (1-1-2024)",
    "amv_gerealiseerd": "Gerealiseerde AMV-plaatsen op de peildatum",
    "provincie": "Naam van de provincie in brieven en memo, geschreven zoals in de LRT-tabel op blad Landelijk",
    "puzzel_naam": "Naam van de puzzel in brieven, memo, het tabblad in het lint en de meldvensters",
    "periode": "Jaren van voorstel en inbreng, bijv. '2025 en 2026': de eerste is het jaar van de opgaven "
    "(kolomkoppen bij het bouwen, datums in de memo)",
    "prt_afspraken_datum": "Datum van de PRT die de uitgangspunten afsprak (aanleiding in de memo)",
    "oek_toelichting": "Zin na de Oek-opgave in de memo (mag leeg)",
    "asiel_toelichting": "Zin na het asielaanbod in de memo (mag leeg)",
    "amv_toelichting": "Zin na het AMV-aanbod in de memo (mag leeg)",
    "asiel_aanbod_tweede_jaar": "Aanbod asiel van de gemeenten samen voor het tweede jaar van de periode",
    "amv_aanbod_tweede_jaar": "Aanbod AMV van de gemeenten samen voor het tweede jaar van de periode",
    "sjablonen_map": "Map met eigen, in Word aangepaste sjablonen (brief_aan_college.docx, memo_tussenstand.docx); "
    "leeg of niet gevonden: de meegeleverde",
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
        ws.cell(1, col, text).font = font(bold=True)
    fill = PatternFill("solid", fgColor=INPUT_COLOR)
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")
    row = 1
    for row, (key, value) in enumerate(instellingen.items(), start=2):
        ws.cell(row, 1, key).alignment = wrap
        cell = tekst_blijft_tekst(ws.cell(row, 2, _value(value)))
        cell.fill = fill
        cell.alignment = wrap
        if isinstance(cell.value, dt.date):
            cell.number_format = "[$-413]d mmmm yyyy"
        ws.cell(row, 3, DESCRIPTIONS.get(key, "")).alignment = wrap
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["C"].width = 65
    for r in range(2, row + 1):
        fit_row_height(ws, r)
    ws.freeze_panes = ws["A2"]
    a4_liggend(ws, "1:1")
    ref = f"{quote_sheet(INSTELLINGEN_SHEET)}!$A$2:$B${max(row, 2)}"
    wb.defined_names[INSTELLINGEN_NAME] = DefinedName(INSTELLINGEN_NAME, attr_text=ref)


def _value(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
