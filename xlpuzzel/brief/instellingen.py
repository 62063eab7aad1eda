"""The settings a document needs (sheet Instellingen): required keys, typed reads, template view.

Pure: settings come from sheet Instellingen, never from code; a missing or unusable one
raises :class:`InstellingFout` naming the setting and the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.brief.opmaak import datum, getal, tekst
from xlpuzzel.entry import Kind, interpret
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import INSTELLINGEN_SHEET, periode_jaren

#: Settings every letter needs (sheet Instellingen).
BRIEF_INSTELLINGEN: tuple[str, ...] = (
    "afzender_naam",
    "provincie",
    "puzzel_naam",
    "periode",
    "afzender_adres",
    "afzender_postbus",
    "afzender_postcode_plaats",
    "plaats",
    "kenmerk",
    "onderwerp",
    "prt_datum",
    "besluit_uiterlijk",
    "ondertekenaar_naam",
    "ondertekenaar_functie",
    "contact_naam",
    "contact_telefoon",
    "contact_email",
)
#: The letters' date: empty means the day the letters are made (:func:`brief_datum`).
DATUM_BRIEF = "datum_brief"
#: The figures the workbook does not hold (realised places, the second year's offers): settings,
#: checked for presence, so a memo never shows a number nobody typed.
MEMO_CIJFERS: tuple[str, ...] = (
    "oek_gerealiseerd",
    "oek_leeg",
    "oek_opgave_vorige",
    "amv_gerealiseerd",
    "asiel_aanbod_tweede_jaar",
    "amv_aanbod_tweede_jaar",
)
#: Settings the memo needs.
MEMO_INSTELLINGEN: tuple[str, ...] = (
    "afzender_naam",
    "provincie",
    "puzzel_naam",
    "periode",
    "prt_datum",
    "prt_afspraken_datum",
    "datum_memo",
    "realisatie_peildatum",
    *MEMO_CIJFERS,
)
DATUM_INSTELLINGEN = frozenset(
    {"datum_brief", "prt_datum", "besluit_uiterlijk", "datum_memo", "realisatie_peildatum", "prt_afspraken_datum"}
)
GETAL_INSTELLINGEN = frozenset(MEMO_CIJFERS)


class InstellingFout(PuzzelError):
    """A setting is missing or unusable; the message names the setting and sheet Instellingen.

    `reden` is what is wrong without the advice that closes `melding`: a list of several
    settings gives the advice once.
    """

    def __init__(self, reden: str, advies: str = "") -> None:
        super().__init__(f"{reden}; {advies}" if advies else reden)
        self.reden = reden


class InstellingenContext(dict):  # type: ignore[type-arg]
    """All settings as the templates see them (`{{ instellingen.kenmerk }}`), formatted Dutch."""


def instelling(instellingen: Mapping[str, Any], sleutel: str) -> Any:
    """The raw value of a required setting; InstellingFout when it is missing or empty."""
    if sleutel not in instellingen:
        raise InstellingFout(
            f"Instelling '{sleutel}' ontbreekt op blad {INSTELLINGEN_SHEET}",
            "vul die aan en probeer het opnieuw. Er is niets geschreven.",
        )
    value = instellingen[sleutel]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InstellingFout(
            f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is leeg",
            "vul die in en probeer het opnieuw. Er is niets geschreven.",
        )
    if isinstance(value, str) and interpret(value)[0] is Kind.ERROR:
        # A formula that failed; the file keeps its error text, which must not end up in a letter.
        raise InstellingFout(
            f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} bevat de foutwaarde {value.strip()}",
            "herstel de cel en probeer het opnieuw. Er is niets geschreven.",
        )
    return value


def datum_instelling(instellingen: Mapping[str, Any], sleutel: str) -> dt.date:
    """A date setting (an Excel date, or text like 2024-07-17 or 17-7-2024)."""
    value = instelling(instellingen, sleutel)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    parts = text.replace("/", "-").split("-")
    # Only a four-digit year: '17-7-24' must not become a letter dated in the year 24.
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
    raise InstellingFout(
        f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is geen datum: '{text}'. "
        "Typ een datum, bijvoorbeeld 17-7-2024."
    )


def getal_instelling(instellingen: Mapping[str, Any], sleutel: str) -> int:
    """A whole-number setting (4348 or '4.348')."""
    value = instelling(instellingen, sleutel)
    kind, number = interpret(value)
    if kind is not Kind.NUMBER or number is None:
        raise InstellingFout(
            f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is geen geheel getal: '{value}'."
        )
    return int(number)


def periode_instelling(instellingen: Mapping[str, Any]) -> dict[str, str]:
    """Setting 'periode' ("2025 en 2026") as the documents use it: one source for every year they name.

    `tekst` as typed, `vast` the same with non-breaking spaces (a title never breaks inside it),
    `plus` as the column headings write it (2025+2026), `jaar` the year of the tasks, `opgave_datum`
    the date the tasks hold from (1 januari 2025) and `vorige_datum` a year earlier.
    """
    text = tekst(instelling(instellingen, "periode")).strip()
    jaren = periode_jaren(text)
    if not jaren:
        raise InstellingFout(
            f"Instelling 'periode' op blad {INSTELLINGEN_SHEET} noemt geen jaartal: '{text}'. "
            "Typ de jaren van voorstel en inbreng, bijvoorbeeld '2025 en 2026'."
        )
    jaar = int(jaren[0])
    return {
        "tekst": text,
        "vast": text.replace(" ", "\u00a0"),
        "plus": "+".join(jaren),
        "jaar": jaren[0],
        "tweede_jaar": jaren[1] if len(jaren) > 1 else "",
        "opgave_datum": datum(dt.date(jaar, 1, 1)),
        "vorige_datum": datum(dt.date(jaar - 1, 1, 1)),
    }


def optionele_tekst(instellingen: Mapping[str, Any], sleutel: str) -> str:
    """A free-text setting shown only when filled in ('' when absent, empty or an error value)."""
    value = instellingen.get(sleutel)
    if value is None or (isinstance(value, str) and (not value.strip() or interpret(value)[0] is Kind.ERROR)):
        return ""
    return tekst(value).strip()


def brief_datum(instellingen: Mapping[str, Any], vandaag: dt.date | None) -> dt.date:
    """The letters' date: setting 'datum_brief' when filled in, else `vandaag` (the day they are made).

    A letter is dated the day it is made unless staff fix another day (letters prepared for a
    signature later): a date left from an earlier run would be worse than today's. Without
    `vandaag` (the core reads no clock) an empty setting is refused as any other.
    """
    value = instellingen.get(DATUM_BRIEF)
    if vandaag is not None and (value is None or (isinstance(value, str) and not value.strip())):
        return vandaag
    return datum_instelling(instellingen, DATUM_BRIEF)


def controleer_instellingen(instellingen: Mapping[str, Any], sleutels: Sequence[str]) -> None:
    """Raise one InstellingFout naming every required setting that is missing or unusable, and sheet Instellingen."""
    fouten: list[InstellingFout] = []
    for sleutel in sleutels:
        try:
            if sleutel in DATUM_INSTELLINGEN:
                datum_instelling(instellingen, sleutel)
            elif sleutel in GETAL_INSTELLINGEN:
                getal_instelling(instellingen, sleutel)
            elif sleutel == "periode":
                periode_instelling(instellingen)
            else:
                instelling(instellingen, sleutel)
        except InstellingFout as exc:
            fouten.append(exc)
    if len(fouten) == 1:
        raise fouten[0]
    if fouten:
        regels = "\n".join(f"- {f.reden}" for f in fouten)
        raise InstellingFout(
            f"{len(fouten)} instellingen op blad {INSTELLINGEN_SHEET} ontbreken of zijn onbruikbaar; vul ze in en "
            f"probeer het opnieuw. Er is niets geschreven.\n{regels}"
        )


def instellingen_context(instellingen: Mapping[str, Any]) -> InstellingenContext:
    """Every setting formatted for a template: dates in Dutch, the known counts with separators."""
    out = InstellingenContext()
    for key, value in instellingen.items():
        name = tekst(key)
        if isinstance(value, (dt.date, dt.datetime)) or key in DATUM_INSTELLINGEN:
            try:
                out[name] = datum(datum_instelling(instellingen, key))
                continue
            except InstellingFout:
                pass
        if key in GETAL_INSTELLINGEN:
            kind, number = interpret(value)
            if number is not None:
                out[name] = getal(number, 0 if kind is Kind.NUMBER else 2)
                continue
        # Anything else as typed: a phone number typed as a number must not get separators.
        out[name] = tekst(value)
    return out
