"""The use cases 'landelijk beeld' and 'prognose statushouders': one call each, for CLI, ribbon and memo.

Pure: a sheet read as data in, a frozen result out (cards, table rows, prognosis rows,
findings) with its JSON form and its Dutch report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlpuzzel.controle.bevinding import FOUT, Bevinding, samenvatting, samenvatting_tekst
from xlpuzzel.controle.opmaak import getal, lower_first, procent
from xlpuzzel.landelijk.blad import LandelijkBlad, PrognoseBlad
from xlpuzzel.landelijk.controle import controleer_landelijk, controleer_prognose
from xlpuzzel.landelijk.kaarten import Kaart, Kaarten, excel_datum, excel_getal, provincie_rij, totaal_rij
from xlpuzzel.landelijk.layout import LRT_CATEGORIEEN, NEDERLAND_LABEL, Niveau
from xlpuzzel.landelijk.prognose import PrognoseRekening
from xlpuzzel.model import Puzzel


@dataclass(frozen=True)
class LandelijkBeeld:
    """The national picture: the cards, the LRT table as it stands, and the sheet's findings."""

    peildatum: dt.date | None
    provincie: str
    kaarten: tuple[Kaart, ...]
    provincies: tuple[dict[str, object], ...]
    totaal: dict[str, object]
    bevindingen: tuple[Bevinding, ...]

    @property
    def fouten(self) -> int:
        """Number of findings of severity fout."""
        return sum(1 for b in self.bevindingen if b.ernst == FOUT)

    def kaart(self, niveau: Niveau, categorie: str) -> Kaart:
        """The card of a level and category."""
        return next(k for k in self.kaarten if k.niveau is niveau and k.categorie == categorie)

    def to_dict(self) -> dict[str, object]:
        """JSON of `puzzel landelijk --json`."""
        return {
            "peildatum": None if self.peildatum is None else self.peildatum.isoformat(),
            "provincie": self.provincie,
            "kaarten": [k.to_dict() for k in self.kaarten],
            "provincies": list(self.provincies),
            "totaal": self.totaal,
            "bevindingen": [b.to_dict() for b in self.bevindingen],
            "samenvatting": samenvatting(self.bevindingen),
        }


def landelijk_beeld(blad: LandelijkBlad) -> LandelijkBeeld:
    """The cards, the table and the findings of sheet Landelijk."""
    kaarten = Kaarten(blad)
    tabel = blad.tabel
    return LandelijkBeeld(
        peildatum=excel_datum(blad.peildatum),
        provincie=blad.provincie_naam,
        kaarten=kaarten.alle(),
        provincies=tuple(provincie_rij(tabel, i) for i in range(len(tabel.provincies))),
        totaal=totaal_rij(tabel),
        bevindingen=controleer_landelijk(blad),
    )


@dataclass(frozen=True)
class PrognoseBeeld:
    """The prognosis as it stands: the years, the art. 28 taakstelling per gemeente, the findings."""

    rijen: tuple[dict[str, object], ...]
    gemeenten: tuple[dict[str, object], ...]
    periode: str
    landelijke_taakstelling: int | None
    inwoners_nederland: int | None
    totaal_taakstelling: int | None
    bevindingen: tuple[Bevinding, ...]

    @property
    def fouten(self) -> int:
        """Number of findings of severity fout."""
        return sum(1 for b in self.bevindingen if b.ernst == FOUT)

    def to_dict(self) -> dict[str, object]:
        """JSON of `puzzel prognose --json`."""
        return {
            "rijen": list(self.rijen),
            "art28": {
                "periode": self.periode,
                "landelijke_taakstelling": self.landelijke_taakstelling,
                "inwoners_nederland": self.inwoners_nederland,
                "totaal": self.totaal_taakstelling,
            },
            "gemeenten": list(self.gemeenten),
            "bevindingen": [b.to_dict() for b in self.bevindingen],
            "samenvatting": samenvatting(self.bevindingen),
        }


def prognose_beeld(blad: PrognoseBlad, puzzel: Puzzel | None = None) -> PrognoseBeeld:
    """The prognosis rows, the art. 28 table and the findings of sheet Prognose."""
    reken = PrognoseRekening(blad, puzzel)
    gemeenten = tuple(reken.gemeenten())
    filled = [g["taakstelling"] for g in gemeenten if g["taakstelling"] is not None]
    periode = blad.een("art28_periode").raw
    return PrognoseBeeld(
        rijen=tuple(reken.rijen()),
        gemeenten=gemeenten,
        periode="" if periode is None else str(periode),
        landelijke_taakstelling=_int(excel_getal(blad.een("art28_landelijke_taakstelling"))),
        inwoners_nederland=_int(excel_getal(blad.een("art28_inwoners_nederland"))),
        totaal_taakstelling=sum(filled) if filled else None,  # type: ignore[arg-type]
        bevindingen=controleer_prognose(blad, puzzel),
    )


def _int(value: object) -> int | None:
    try:
        return int(value) if value is not None and int(value) == value else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------ reports


def _dag(day: dt.date | None) -> str:
    return "–" if day is None else f"{day.day}-{day.month}-{day.year}"


def _n(value: int | None) -> str:
    return "–" if value is None else getal(value)


def kaart_regel(kaart: Kaart) -> str:
    """One card in one line: 'Opvang Oekraïne: 97.001 (1-2-2024) → 120.000 (1-1-2025); schema 111.624, ...'."""
    if kaart.indicatief is None:
        if kaart.ontbreekt:
            wat = " en ".join(lower_first(o) for o in kaart.ontbreekt)
            return f"{kaart.naam}: nog geen schema; vul {wat} in op blad Landelijk (realisatie {_n(kaart.realisatie)})."
        return f"{kaart.naam}: nog geen schema (realisatie {_n(kaart.realisatie)})."
    achter = kaart.achterstand
    stand = "–" if achter is None else (
        f"achterstand {getal(achter)}" if achter > 0 else f"voorsprong {getal(-achter)}" if achter < 0 else "op schema"
    )
    pct = "–" if kaart.percentage is None else procent(kaart.percentage, 1)
    regel = (
        f"{kaart.naam}: {_n(kaart.start)} ({_dag(kaart.startdatum)}) → {_n(kaart.eind)} ({_dag(kaart.einddatum)}); "
        f"schema op {_dag(kaart.peildatum)} {_n(kaart.indicatief)}, realisatie {_n(kaart.realisatie)}, {stand} "
        f"({pct} van het schema, {kaart.kleur})"
    )
    if kaart.eerdere_realisatie is not None and kaart.eerdere_datum is not None:
        regel += (f"; op {_dag(kaart.eerdere_datum)} {getal(kaart.eerdere_realisatie)} gerealiseerd bij een schema "
                  f"van {_n(kaart.eerdere_indicatief)}")
    return regel + "."


def bevinding_regels(bevindingen: tuple[Bevinding, ...]) -> list[str]:
    """The findings as lines ('fout  D25  Drenthe, OEK delta: ...'), or one reassuring line."""
    if not bevindingen:
        return ["Geen bevindingen: de tabel en de formules kloppen."]
    return [f"{b.ernst:<12} {b.melding}" for b in bevindingen]


def landelijk_tekst(beeld: LandelijkBeeld, werkmap: str) -> str:
    """The readable report of `puzzel landelijk`."""
    lines = [f"Landelijk beeld (LRT-dashboard), peildatum {_dag(beeld.peildatum)} — {werkmap}", ""]
    for niveau in (Niveau.LANDELIJK, Niveau.PROVINCIE):
        kaarten = [k for k in beeld.kaarten if k.niveau is niveau]
        lines.append(f"Indicatief schema {kaarten[0].gebied if niveau is Niveau.PROVINCIE else NEDERLAND_LABEL}")
        lines += [f"  {kaart_regel(k)}" for k in kaarten]
        lines.append("")
    row = next((r for r in beeld.provincies if str(r["provincie"]).casefold() == beeld.provincie.casefold()), None)
    if row is not None:
        lines.append(f"{row['provincie']} in de LRT-tabel (opgave / realisatie / delta):")
        for cat in LRT_CATEGORIEEN:
            opgave, realisatie, delta = (row[f"{cat.id}_{k}"] for k in ("opgave", "realisatie", "delta"))
            lines.append(f"  {cat.naam}: {_n(opgave)} / {_n(realisatie)} / {_n(delta)}")  # type: ignore[arg-type]
        lines.append("")
    elif beeld.provincie:
        lines += [f"Provincie '{beeld.provincie}' staat niet in de LRT-tabel.", ""]
    lines.append("Controle van blad Landelijk")
    lines += [f"  {line}" for line in bevinding_regels(beeld.bevindingen)]
    lines += ["", samenvatting_tekst(samenvatting(beeld.bevindingen))]
    return "\n".join(lines) + "\n"


def prognose_tekst(beeld: PrognoseBeeld, werkmap: str) -> str:
    """The readable report of `puzzel prognose`."""
    lines = [f"Prognose huisvesting statushouders — {werkmap}", ""]
    header = ("jaar", "achterstand 1-1", "taakstelling", "gehuisvest", "achterstand 31-12", "te huisvesten")
    keys = ("jaar", "achterstand_begin", "taakstelling", "gehuisvest", "achterstand_eind", "te_huisvesten")
    widths = [max(len(header[i]), 7) for i in range(len(header))]
    lines.append("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for row in beeld.rijen:
        cells = [str(row["jaar"]) if k == "jaar" else _n(row[k]) for k in keys]  # type: ignore[arg-type]
        lines.append("  ".join(c.rjust(w) for c, w in zip(cells, widths)))
        scen = [f"{s} {_n(row.get(f'achterstand_eind_{s}'))}" for s in ("laag", "hoog")  # type: ignore[arg-type]
                if row.get(f"achterstand_eind_{s}") is not None]
        if scen:
            lines[-1] += "   (" + ", ".join(scen) + ")"
    if not beeld.rijen:
        lines.append("  (geen jaren: vul eerste jaar en horizon in op blad Prognose)")
    lines += ["", "Taakstelling per gemeente (Huisvestingswet 2014, art. 28)"
              + (f", {beeld.periode}" if beeld.periode else "")]
    if beeld.landelijke_taakstelling is None or beeld.inwoners_nederland is None:
        lines.append("  Vul de landelijke taakstelling en het aantal inwoners van Nederland in op blad Prognose.")
    else:
        lines.append(f"  landelijk {getal(beeld.landelijke_taakstelling)} over "
                     f"{getal(beeld.inwoners_nederland)} inwoners, per gemeente naar boven afgerond:")
        for g in beeld.gemeenten:
            lines.append(f"  {g['gemeente']}: {_n(g['taakstelling'])}")  # type: ignore[arg-type]
        lines.append(f"  totaal {_n(beeld.totaal_taakstelling)}")
    lines += ["", "Controle van blad Prognose"]
    lines += [f"  {line}" for line in bevinding_regels(beeld.bevindingen)]
    lines += ["", samenvatting_tekst(samenvatting(beeld.bevindingen))]
    return "\n".join(lines) + "\n"
