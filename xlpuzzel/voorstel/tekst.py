"""The proposal for people and programs: Dutch report lines, the summary, the comparison, JSON.

Pure: the CLI prints these lines, the ribbon shows the summary in its message box, and
sheet Voorstel holds the same comparison, so every front says the same thing.
"""

from __future__ import annotations

from fractions import Fraction

from xlpuzzel.controle.opmaak import getal, procent
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.tekst import aantal
from xlpuzzel.voorstel.cijfers import Cijfers
from xlpuzzel.voorstel.voorstel import Voorstel


def samenvatting(voorstel: Voorstel) -> str:
    """One Dutch paragraph: what the proposal achieves and costs, beside the workbook's own bijstelling."""
    c, h = voorstel.cijfers, voorstel.huidig
    return (
        f"Voorstel: {_kosten(c)}; {_uitkomst(c)}. "
        f"De bijstelling in de werkmap: {_kosten(h)}; {_uitkomst(h)}."
    )


def provincie_regels(voorstel: Voorstel) -> list[str]:
    """Per category the province's inbreng against its task: 'Oek    5.722 van 5.722 (100,0%)'."""
    lines = []
    for i, cat in enumerate(CATEGORIES):
        taak, totaal = voorstel.invoer.provinciaal[i], voorstel.cijfers.totaal[i]
        deel = procent(Fraction(totaal, taak)) if taak else "-"
        lines.append(f"{cat.label:<6} {getal(totaal):>7} van {getal(taak):>7} ({deel})")
    return lines


def vergelijking(voorstel: Voorstel) -> list[tuple[str, int, int]]:
    """(what, proposal, workbook) for the places changed, gemeenten changed and each shortfall."""
    c, h = voorstel.cijfers, voorstel.huidig
    rows = [("gewijzigde plaatsen", c.gewijzigde_plaatsen, h.gewijzigde_plaatsen),
            ("gewijzigde gemeenten", c.gemeenten_gewijzigd, h.gemeenten_gewijzigd)]
    rows += [(f"tekort {cat.label}", c.tekort[i], h.tekort[i]) for i, cat in enumerate(CATEGORIES)]
    rows.append(("plaatsen onder de eigen opgave", sum(c.onder_opgave), sum(h.onder_opgave)))
    return rows


def rapport(voorstel: Voorstel, werkmap: str) -> str:
    """The readable report of `puzzel voorstel`."""
    lines = [f"Voorstel voor bijstelling voor {werkmap}", "", "Per gemeente:"]
    lines += [f"  {r}" for r in voorstel.regels]
    lines += ["", "Provincie (inbreng van de opgave):"]
    lines += [f"  {r}" for r in provincie_regels(voorstel)]
    if voorstel.uitleg:
        lines += ["", "Waarom niet meer:"]
        lines += [f"  {r}" for r in voorstel.uitleg]
    rows = vergelijking(voorstel)
    width = max(len(r[0]) for r in rows)
    lines += ["", "Vergelijking met de bijstelling in de werkmap:",
              f"  {'':<{width}}  {'voorstel':>9}  {'werkmap':>9}"]
    lines += [f"  {wat:<{width}}  {getal(a):>9}  {getal(b):>9}" for wat, a, b in rows]
    lines += ["", samenvatting(voorstel)]
    return "\n".join(lines) + "\n"


def als_json(voorstel: Voorstel, werkmap: str) -> dict[str, object]:
    """The proposal as JSON-ready data (`puzzel voorstel --json`)."""
    return {
        "werkmap": werkmap,
        **_figures(voorstel.invoer.gemeenten, voorstel.bijstelling, voorstel.inbreng, voorstel.cijfers),
        "uitleg": list(voorstel.uitleg),
        "huidig": _figures(
            voorstel.invoer.gemeenten,
            tuple(g.bijstelling for g in voorstel.invoer.gemeenten),
            tuple(tuple(e + b for e, b in zip(g.eerste, g.bijstelling)) for g in voorstel.invoer.gemeenten),
            voorstel.huidig,
        ),
    }


def _figures(gemeenten, bijstelling, inbreng, c: Cijfers) -> dict[str, object]:  # type: ignore[no-untyped-def]
    keys = [cat.value for cat in CATEGORIES]
    return {
        "voorstel": [
            {"gemeente": g.naam,
             **{f"bijstelling_{k}": b[i] for i, k in enumerate(keys)},
             **{f"inbreng_{k}": x[i] for i, k in enumerate(keys)}}
            for g, b, x in zip(gemeenten, bijstelling, inbreng)
        ],
        "tekort": {k: c.tekort[i] for i, k in enumerate(keys)},
        "onder_opgave": {g.naam: d for g, d in zip(gemeenten, c.onder_opgave) if d},
        "gewijzigde_plaatsen": c.gewijzigde_plaatsen,
        "gemeenten_gewijzigd": c.gemeenten_gewijzigd,
    }


def _kosten(c: Cijfers) -> str:
    return (f"{getal(c.gewijzigde_plaatsen)} {'plaats' if c.gewijzigde_plaatsen == 1 else 'plaatsen'} gewijzigd "
            f"bij {aantal(c.gemeenten_gewijzigd, 'gemeente', 'gemeenten')}")


def _uitkomst(c: Cijfers) -> str:
    tekort = [f"{cat.label} {getal(c.tekort[i])} tekort" for i, cat in enumerate(CATEGORIES) if c.tekort[i]]
    onder = sum(1 for d in c.onder_opgave if d)
    parts = []
    parts.append(", ".join(tekort) if tekort else "elke provinciale opgave gehaald")
    if onder:
        parts.append(f"{aantal(onder, 'gemeente blijft', 'gemeenten blijven')} onder de eigen opgave")
    elif not tekort:
        parts[0] += " en elke gemeente op of boven haar eigen opgave"
    else:
        parts.append("elke gemeente op of boven haar eigen opgave")
    return "; ".join(parts)


#: Column headers of the proposal as a table (PUZZEL_VOORSTEL spills it with these headers).
TABEL_KOPPEN: tuple[str, ...] = (
    "Gemeente",
    *(f"Bijstelling {cat.label}" for cat in CATEGORIES),
    *(f"Inbreng {cat.label}" for cat in CATEGORIES),
    "Totaal inbreng",
    "Totaal opgave",
    "Toelichting",
)


def tabel(voorstel: Voorstel) -> list[list[object]]:
    """The proposal as rows under :data:`TABEL_KOPPEN`: one per gemeente, then 'Totaal' with the summary."""
    rows: list[list[object]] = []
    for g, b, x, regel in zip(voorstel.invoer.gemeenten, voorstel.bijstelling, voorstel.inbreng, voorstel.regels):
        rows.append([g.naam, *b, *x, sum(x), g.opgave_totaal, regel.split(": ", 1)[1]])
    bij = [sum(b[c] for b in voorstel.bijstelling) for c in range(3)]
    rows.append(["Totaal", *bij, *voorstel.cijfers.totaal, sum(voorstel.cijfers.totaal),
                 sum(voorstel.invoer.provinciaal), samenvatting(voorstel)])
    return rows
