"""Small Dutch text helpers shared by the CLI, the ribbon and the documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlpuzzel.layout import PROVINCIE_SETTING, TITEL_SETTING


def aantal(n: int, een: str, meer: str) -> str:
    """A count with the right Dutch noun form: '1 brief', '3 brieven'."""
    return f"{n} {een if n == 1 else meer}"


def cel_tekst(value: object) -> str:
    """A cell's value as text, stripped: '' for empty, 1077.0 as '1077' (Excel hands whole numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


#: The puzzel's name where its own is not known or still the long default: the ribbon source's tab, the
#: title of a message box before the click read the settings, the function wizard's category.
NEUTRALE_NAAM = "Puzzel"


def standaard_titel(provincie: str) -> str:
    """A new puzzel's title until staff set their own: the province's name, not an adjective made from it."""
    return f"De puzzel van de provincie {provincie}"


def lint_label(instellingen: Mapping[str, Any]) -> str | None:
    """The puzzel's name as its ribbon tab and message boxes show it: without a leading article ('Groningse Puzzel').

    None (the ribbon source's own label) when the workbook names no puzzel; 'Puzzel' while the
    name is still the neutral default, which would make a long tab.
    """
    naam = " ".join(str(instellingen.get(TITEL_SETTING) or "").split())
    if not naam:
        return None
    provincie = str(instellingen.get(PROVINCIE_SETTING) or "")
    if provincie and naam == standaard_titel(provincie):
        return NEUTRALE_NAAM
    for article in ("De ", "de ", "Het ", "het "):
        if naam.startswith(article) and len(naam) > len(article):
            naam = naam[len(article):]
            break
    return naam[:1].upper() + naam[1:]
