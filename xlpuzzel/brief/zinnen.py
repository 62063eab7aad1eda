"""What the numbers mean, in Dutch sentences: the gap to the task, the swap a bijstelling makes.

A college reads "u vangt 265 Oekraïense ontheemden minder op dan uw opgave", not only
"79%". Pure: counts in, finished Dutch text out (singular and plural agree); the templates
hold the frame around these sentences, so staff can reword it in Word.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from xlpuzzel.brief.opmaak import getal, opsomming
from xlpuzzel.layout import Category

#: People of a category, singular and plural ("1 asielzoeker", "287 asielzoekers").
MENSEN: dict[Category, tuple[str, str]] = {
    Category.OEK: ("Oekraïense ontheemde", "Oekraïense ontheemden"),
    Category.ASIEL: ("asielzoeker", "asielzoekers"),
    Category.AMV: ("AMV", "AMV"),
}
#: Places of a category, singular and plural ("128 plaatsen asiel regulier").
PLAATSEN: dict[Category, tuple[str, str]] = {
    Category.OEK: ("plaats voor Oekraïense ontheemden", "plaatsen voor Oekraïense ontheemden"),
    Category.ASIEL: ("plaats asiel regulier", "plaatsen asiel regulier"),
    Category.AMV: ("AMV-plaats", "AMV-plaatsen"),
}

#: A category as the object of 'uw opgave voor ...'.
DOELGROEP: dict[Category, str] = {
    Category.OEK: "Oekraïense ontheemden",
    Category.ASIEL: "asiel regulier",
    Category.AMV: "AMV",
}


def _n(value: Fraction | int, woorden: tuple[str, str]) -> str:
    """A count with its noun: '1 asielzoeker', '287 asielzoekers'."""
    return f"{getal(value)} {woorden[0] if abs(value) == 1 else woorden[1]}"


def mensen(categorie: Category, value: Fraction | int) -> str:
    """'265 Oekraïense ontheemden', '1 asielzoeker', '38 AMV'."""
    return _n(value, MENSEN[categorie])


def plaatsen(categorie: Category, value: Fraction | int) -> str:
    """'128 plaatsen asiel regulier', '1 AMV-plaats'."""
    return _n(value, PLAATSEN[categorie])


def gat_zin(categorie: Category, inbreng: Fraction | None, opgave: Fraction | None) -> str:
    """The gap between a gemeente's inbreng and its task, addressed to the college."""
    if opgave is None:
        return f"Uw opgave voor {DOELGROEP[categorie]} is niet bekend."
    if inbreng is None:
        return f"Uw inbreng voor {DOELGROEP[categorie]} is nog niet bekend."
    diff = Fraction(inbreng) - Fraction(opgave)
    if diff < 0:
        return f"U vangt {mensen(categorie, -diff)} minder op dan uw opgave."
    if diff > 0:
        return f"U vangt {mensen(categorie, diff)} meer op dan uw opgave."
    return f"U vangt precies het aantal {MENSEN[categorie][1]} op dat uw opgave vraagt ({getal(opgave)})."


def totaal_zin(inbreng: Fraction | None, opgave: Fraction | None) -> str:
    """The gemeente's total over the categories against its total task."""
    if inbreng is None or opgave is None:
        return "Uw totale inbreng is nog niet bekend."
    diff = Fraction(inbreng) - Fraction(opgave)
    if diff == 0:
        return f"Opgeteld biedt u {getal(inbreng)} plaatsen: precies uw totale opgave."
    richting = "minder" if diff < 0 else "meer"
    return (
        f"Opgeteld biedt u {getal(inbreng)} {'plaats' if inbreng == 1 else 'plaatsen'}: "
        f"{getal(abs(diff))} {richting} dan uw totale opgave van {getal(opgave)}."
    )


def ruil_zin(bijstellingen: Sequence[tuple[Category, Fraction | int | None]], wie: str = "u",
             bezit: str = "uw") -> str:
    """What a bijstelling swaps, in words; '' without one.

    `wie` is the subject ('u' in a letter, the gemeente's name in the memo) and `bezit` its
    possessive ('uw', 'haar'): "In plaats van 128 plaatsen asiel regulier vangt u 138
    Oekraïense ontheemden en 38 AMV extra op."
    """
    minder = [(c, -Fraction(v)) for c, v in bijstellingen if v is not None and v < 0]
    meer = [(c, Fraction(v)) for c, v in bijstellingen if v is not None and v > 0]
    if minder and meer:
        weg = opsomming(plaatsen(c, v) for c, v in minder)
        erbij = opsomming(mensen(c, v) for c, v in meer)
        return f"In plaats van {weg} vangt {wie} {erbij} extra op."
    if meer:
        return f"Bovenop {bezit} eerste voorstel vangt {wie} {opsomming(mensen(c, v) for c, v in meer)} extra op."
    if minder:
        onderwerp = wie[:1].upper() + wie[1:]
        return f"{onderwerp} vangt {opsomming(mensen(c, v) for c, v in minder)} minder op dan in {bezit} eerste voorstel."
    return ""


def saldo_woorden(offer: Fraction | None, task: Fraction | None) -> str:
    """Offer against task for the province: '134 te weinig', '1.408 meer', 'precies de opgave'."""
    if offer is None or task is None:
        return "niet bekend"
    diff = Fraction(offer) - Fraction(task)
    if diff < 0:
        return f"{getal(-diff)} te weinig"
    if diff > 0:
        return f"{getal(diff)} meer"
    return "precies de opgave"
