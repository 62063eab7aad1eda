"""Native Excel formulas of sheets Landelijk and Prognose, so both work without Python.

The builder writes these; the checks compare a formula found in a workbook with them
(`formule-gewijzigd`). Card and prognosis formulas refer to the defined names of
:mod:`xlpuzzel.landelijk.layout` and to `gemeenten`/`inwoners` of sheet Puzzel, so a
row inserted by a user keeps them pointing at the right cells.
"""

from __future__ import annotations

from xlpuzzel.landelijk.layout import (
    ART28_KOLOM,
    KAART_VELD,
    KAARTEN,
    KLEUR_DREMPELS,
    KLEUR_ONDER,
    LRT_KOLOM_BY_ID,
    LRT_PEILDATUM_NAME,
    PROGNOSE_KOLOM,
    PROVINCIES_NAME,
    SCENARIOS,
    LandelijkLayout,
    Niveau,
    PrognoseLayout,
    Rol,
    categorie_kolommen,
    opgave_kolom,
)
from xlpuzzel.layout import PROVINCIE_SETTING


def _c(veld: str, row: int) -> str:
    return f"{KAART_VELD[veld].letter}{row}"


# ------------------------------------------------------------------------------ LRT table


def delta_formula(layout: LandelijkLayout, categorie: str, row: int) -> str:
    """Delta of a province: opgave minus realisation (asiel: regulier + NO + TGO)."""
    opgave = layout.cell(opgave_kolom(categorie).id, row)
    parts = [layout.cell(k.id, row) for k in categorie_kolommen(categorie, Rol.REALISATIE)]
    realisatie = parts[0] if len(parts) == 1 else "(" + "+".join(parts) + ")"
    return f"={opgave}-{realisatie}"


def total_formula(layout: LandelijkLayout, kolom_id: str) -> str:
    """The Total row: the sum of the provinces."""
    letter = LRT_KOLOM_BY_ID[kolom_id].letter
    return f"=SUM({letter}{layout.first_row}:{letter}{layout.last_row})"


# ------------------------------------------------------------------------------ the cards


def _provincie_value(kolom_id: str) -> str:
    return f"INDEX({kolom_id},MATCH({PROVINCIE_SETTING},{PROVINCIES_NAME},0))"


def kaart_formulas(layout: LandelijkLayout, kaart: int) -> dict[str, str]:
    """Card field -> formula of the card at 0-based position `kaart` (typed fields are absent)."""
    niveau, categorie = KAARTEN[kaart]
    row = layout.kaart_row(kaart)
    realisaties = [k.id for k in categorie_kolommen(categorie, Rol.REALISATIE)]
    out: dict[str, str] = {}
    if niveau is Niveau.LANDELIJK:
        out["eind"] = f"={opgave_kolom(categorie).totaal_name}"
        out["realisatie"] = "=" + "+".join(LRT_KOLOM_BY_ID[k].totaal_name for k in realisaties)
    else:
        national = layout.kaart_row(KAARTEN.index((Niveau.LANDELIJK, categorie)))
        out["eind"] = f'=IFERROR({_provincie_value(opgave_kolom(categorie).id)},"")'
        out["einddatum"] = f'=IF({_c("einddatum", national)}="","",{_c("einddatum", national)})'
        out["realisatie"] = f'=IFERROR({"+".join(_provincie_value(k) for k in realisaties)},"")'
    out["peildatum"] = f'=IF({LRT_PEILDATUM_NAME}="","",{LRT_PEILDATUM_NAME})'
    c, d, e, f, g = (_c(v, row) for v in ("start", "startdatum", "eind", "einddatum", "peildatum"))
    h, i, k = _c("indicatief", row), _c("realisatie", row), _c("percentage", row)
    out["indicatief"] = (
        f'=IF(COUNT({c}:{g})<5,"",IF({f}<={d},"",IF({g}<={d},{c},IF({g}>={f},{e},'
        f"ROUND({c}+({e}-{c})*({g}-{d})/({f}-{d}),0)))))"
    )
    out["achterstand"] = f'=IF(COUNT({h}:{i})<2,"",{h}-{i})'
    out["percentage"] = f'=IF(OR(COUNT({h}:{i})<2,N({h})<=0),"",{i}/{h})'
    out["kleur"] = f'=IF({k}="","",{kleur_formula(k)})'
    return out


def kleur_formula(share: str) -> str:
    """Nested IF giving the card colour of a realisation share (without the leading '=')."""
    text = f'"{KLEUR_ONDER}"'
    for naam, drempel in reversed(KLEUR_DREMPELS):
        text = f'IF({share}>={_number(drempel)},"{naam}",{text})'
    return text


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def niveau_formula(kaart: int) -> str | None:
    """The province's name over its cards (national cards have a fixed label: None)."""
    niveau, _ = KAARTEN[kaart]
    return f'=IF({PROVINCIE_SETTING}="","Provincie",{PROVINCIE_SETTING})' if niveau is Niveau.PROVINCIE else None


def grafiek_formulas(layout: LandelijkLayout, kaart: int) -> list[tuple[str, str, str]]:
    """(date, schema, realisation) formulas of the four chart points of a card.

    Start, earlier realisation, peildatum, end; #N/A where a point has no value, which a
    line chart leaves out. A point without a date of its own takes the peildatum, so the
    date axis never gets an error. The schema of the earlier point lies on the straight line.
    """
    row = layout.kaart_row(kaart)
    c, d, e, f, g = (_c(v, row) for v in ("start", "startdatum", "eind", "einddatum", "peildatum"))
    h, i, m, n = (_c(v, row) for v in ("indicatief", "realisatie", "eerdere_realisatie", "eerdere_datum"))
    second = layout.grafiekdata_rows(kaart)[1]
    x = f"B{second}"
    return [
        (f'=IF({d}="",IF({g}="",NA(),{g}),{d})', f'=IF(OR({c}="",{d}=""),NA(),{c})', "=NA()"),
        (
            f'=IF({n}="",IF({g}="",NA(),{g}),{n})',
            (f'=IF(OR(COUNT({c}:{f})<4,{f}<={d},ISNA({x})),NA(),IF({x}<={d},{c},IF({x}>={f},{e},'
            f"{c}+({e}-{c})*({x}-{d})/({f}-{d}))))"),
            f'=IF({m}="",NA(),{m})',
        ),
        (f'=IF({g}="",NA(),{g})', f'=IF({h}="",NA(),{h})', f'=IF({i}="",NA(),{i})'),
        (f'=IF({f}="",IF({g}="",NA(),{g}),{f})', f'=IF(OR({e}="",{f}=""),NA(),{e})', "=NA()"),
    ]


def grafiek_titel_formula(layout: LandelijkLayout, kaart: int) -> str:
    """A chart's title: the card's level and category ('Drenthe: Opvang Oekraïne')."""
    row = layout.kaart_row(kaart)
    return f'={_c("niveau", row)}&": "&{_c("categorie", row)}'


# ------------------------------------------------------------------------------ Prognose


def prognose_formulas(layout: PrognoseLayout, index: int) -> dict[str, str]:
    """Column id -> formula of the year at 0-based position `index` (input columns are absent)."""
    row = layout.jaar_row(index)
    col = {k: PROGNOSE_KOLOM[k].letter for k in PROGNOSE_KOLOM}
    a = f"{col['prognose_jaar']}{row}"
    prev = row - 1
    out: dict[str, str] = {}
    if index == 0:
        out["prognose_jaar"] = (
            '=IF(COUNT(prognose_eerste_jaar,prognose_horizon)<2,"",'
            'IF(prognose_horizon<prognose_eerste_jaar,"",prognose_eerste_jaar))'
        )
        out["prognose_achterstand_begin"] = f'=IF({a}="","",N(prognose_start_achterstand))'
    else:
        above = f"{col['prognose_jaar']}{prev}"
        out["prognose_jaar"] = f'=IF({above}="","",IF({above}+1>prognose_horizon,"",{above}+1))'
        out["prognose_achterstand_begin"] = f'=IF({a}="","",{col["prognose_achterstand_eind"]}{prev})'
    b, c = f"{col['prognose_achterstand_begin']}{row}", f"{col['prognose_taakstelling']}{row}"
    out["prognose_achterstand_eind"] = f'=IF({a}="","",{b}+{c}-{col["prognose_gehuisvest"]}{row})'
    out["prognose_te_huisvesten"] = f'=IF({a}="","",{b}+{c})'
    for scenario in ("laag", "hoog"):
        housed, end = (col[k] for k in SCENARIOS[scenario])
        g = f"{housed}{row}"
        if index == 0:
            out[SCENARIOS[scenario][1]] = f'=IF(OR({a}="",{g}=""),"",N(prognose_start_achterstand)+{c}-{g})'
        else:
            out[SCENARIOS[scenario][1]] = (
                f'=IF(OR({a}="",{g}="",{end}{prev}=""),"",{end}{prev}+{c}-{g})'
            )
    return out


def art28_formulas(layout: PrognoseLayout, index: int) -> dict[str, str]:
    """Column id -> formula of the art. 28 row of the gemeente at 0-based position `index`.

    The exact share is rounded to 9 decimals before rounding up: Excel's floating point
    can give 12,000000000000002 for an exact 12, and a real share's fraction is at least
    1 / (inhabitants of the country), far above that noise.
    """
    row = layout.art28_first_row + index
    a, b, c = (f"{ART28_KOLOM[k]}{row}" for k in ("art28_gemeenten", "art28_inwoners", "art28_aandeel"))
    return {
        "art28_gemeenten": f'=IFERROR(INDEX(gemeenten,{index + 1}),"")',
        "art28_inwoners": f'=IFERROR(INDEX(inwoners,{index + 1}),"")',
        "art28_aandeel": (
            f'=IF(OR(N(art28_landelijke_taakstelling)=0,N(art28_inwoners_nederland)=0,{a}="",{b}=""),"",'
            f"art28_landelijke_taakstelling*{b}/art28_inwoners_nederland)"
        ),
        "art28_taakstelling": f'=IF({c}="","",ROUNDUP(ROUND({c},9),0))',
    }


def art28_totaal_formula(layout: PrognoseLayout, kolom_id: str) -> str:
    """Sum of a column of the art. 28 table."""
    letter = ART28_KOLOM[kolom_id]
    return f"=SUM({letter}{layout.art28_first_row}:{letter}{layout.art28_last_row})"
