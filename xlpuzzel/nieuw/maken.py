"""The use case 'a new puzzel for a province', written once for the CLI (`puzzel nieuw`) and the ribbon.

Reads the gemeenten file and the LRT table, decides with the pure core
(:mod:`xlpuzzel.nieuw.opgaven`, :mod:`xlpuzzel.nieuw.provincie`), builds the workbook and
writes it where the output rules allow: a `.xlsm`, never over an existing file unless the
user says so (then the old file is kept as `.bak`), never a file that appeared meanwhile.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from xlpuzzel.dataset import Dataset
from xlpuzzel.errors import PuzzelError
from xlpuzzel.landelijk.bronnen import DEFAULT_LRT
from xlpuzzel.landelijk.lrt import LrtBestand
from xlpuzzel.layout import CATEGORIES, Category
from xlpuzzel.nieuw.opgaven import Opgave


@dataclass(frozen=True)
class Gemaakt:
    """What a new puzzel or round wrote, for the front to report."""

    pad: Path
    dataset: Dataset
    opgaven: Mapping[Category, Opgave]
    indicatief: tuple[Category, ...]
    #: Settings still empty that letters and memo need (staff fill them in on sheet Instellingen).
    in_te_vullen: tuple[str, ...] = ()
    #: Warnings for the user ('the old inbreng of X was empty', ...).
    meldingen: tuple[str, ...] = ()
    #: A new round: the sheet holding the previous round.
    ronde_blad: str = ""

    def verslag(self, wat: str) -> str:
        """What was written, the tasks and where they come from, what is indicative, what to fill in (Dutch)."""
        from xlpuzzel.controle.opmaak import getal
        from xlpuzzel.layout import TITEL_SETTING
        from xlpuzzel.nieuw.provincie import INDICATIEF

        puzzel = self.dataset.puzzel
        titel = self.dataset.instellingen.get(TITEL_SETTING) or self.dataset.meta.get("titel")
        regels = [f"{wat} geschreven: {self.pad} ({len(puzzel.gemeenten)} gemeenten, titel '{titel}')."]
        if self.ronde_blad:
            regels.append(f"De vorige ronde staat op blad '{self.ronde_blad}' (alleen-lezen).")
        regels.append("Provinciale opgaven:")
        for cat in CATEGORIES:
            opgave = self.opgaven[cat]
            merk = f" — per gemeente {INDICATIEF}" if cat in self.indicatief else ""
            regels.append(f"  {cat.label:<6}{getal(opgave.aantal):>8}  ({opgave.herkomst}){merk}")
        regels.extend(f"Let op: {melding}" for melding in self.meldingen)
        if self.in_te_vullen:
            regels.append("Vul op blad Instellingen nog in (nodig voor de brieven): " + ", ".join(self.in_te_vullen) + ".")
        return "\n".join(regels)


def maak_nieuwe_puzzel(
    provincie: str,
    gemeenten: str | os.PathLike[str],
    uit: str | os.PathLike[str],
    *,
    opties: Mapping[Category, int | None] | None = None,
    titel: str | None = None,
    overschrijf: bool = False,
    vandaag: dt.date | None = None,
    instellingen: Mapping[str, object] | None = None,
) -> Gemaakt:
    """Build and write a new, empty-offer puzzel for `provincie` from a gemeenten file; nothing written on any error."""
    from xlpuzzel.build import build_workbook
    from xlpuzzel.build.basis_sheet import nieuwe_basis
    from xlpuzzel.build.instellingen_sheet import DESCRIPTIONS
    from xlpuzzel.build.landelijk_bronnen import load_lrt
    from xlpuzzel.nieuw.lezen import lees_gemeentebestand
    from xlpuzzel.nieuw.opgaven import lrt_index, lrt_opgaven, provinciale_opgaven
    from xlpuzzel.nieuw.provincie import nieuwe_puzzel

    provincie = " ".join(str(provincie).split())
    if not provincie:
        raise PuzzelError("Geef de naam van de provincie (--provincie), bijvoorbeeld Groningen. Er is niets geschreven.")
    doel = doelpad(uit, overschrijf)
    bestand = lees_gemeentebestand(gemeenten)
    lrt = load_lrt(DEFAULT_LRT)
    opties = dict(opties or {})
    try:
        uit_lrt = lrt_opgaven(lrt.tabel, provincie, f"data/{DEFAULT_LRT}.csv")
    except PuzzelError:
        if all(opties.get(c) is not None or c in bestand.provincie for c in CATEGORIES):
            uit_lrt = {}  # a province the table does not know, with every task given: fine
        else:
            raise
    index = lrt_index(lrt.tabel, provincie)
    if index is not None:
        provincie = lrt.tabel.provincies[index]  # as the LRT table writes it, so sheet Landelijk finds its row
    opgaven = provinciale_opgaven(opties, bestand, uit_lrt, "de LRT-tabel")
    dataset = nieuwe_puzzel(
        provincie,
        bestand,
        opgaven,
        datum=vandaag or dt.date.today(),
        landelijk=landelijke_opgaven(lrt),
        titel=titel,
        instellingen=instellingen,
        sleutels=tuple(DESCRIPTIONS),
        lrt=DEFAULT_LRT,
    )
    schrijf_werkmap(doel, build_workbook(dataset, basis=nieuwe_basis(dataset)), overschrijf, "nieuw")
    return Gemaakt(
        pad=doel,
        dataset=dataset,
        opgaven=opgaven,
        indicatief=_indicatief(dataset),
        in_te_vullen=lege_instellingen(dataset.instellingen),
    )


def landelijke_opgaven(lrt: LrtBestand) -> dict[Category, int]:
    """The national Oek and asiel tasks of the bottom row: the LRT table's Total row, as the puzzel prints them."""
    totaal = lrt.tabel.totaal
    out: dict[Category, int] = {}
    for cat, kolom in ((Category.OEK, "lrt_oek_opgave"), (Category.ASIEL, "lrt_asiel_opgave")):
        entry = totaal.get(kolom)
        if entry is not None and entry.amount is not None:
            out[cat] = entry.amount
    return out


def doelpad(uit: str | os.PathLike[str], overschrijf: bool, werkmap: str | os.PathLike[str] | None = None) -> Path:
    """The new workbook's path, refused before any work when it cannot or may not be written.

    Never the workbook of the current round or its `.bak` (not even with `overschrijf`), never a
    file another program has open, never an existing file without `overschrijf`.
    """
    from xlpuzzel.storage import backup_path, guard_output, same_file

    doel = Path(uit)
    if doel.suffix.lower() != ".xlsm":
        raise PuzzelError(
            f"{doel}: de nieuwe werkmap heeft macro's en het lint, en moet dus op .xlsm eindigen (Excel opent zo'n "
            "werkmap niet als .xlsx). Kies een naam als puzzel-groningen.xlsm. Er is niets geschreven."
        )
    if werkmap is not None:
        for verboden, wat in ((Path(werkmap), "de werkmap van de huidige ronde"), (backup_path(Path(werkmap)), "diens reservekopie")):
            if same_file(doel, verboden):
                raise PuzzelError(
                    f"{doel} is {wat}; een nieuwe ronde komt altijd in een nieuwe werkmap en laat de huidige zoals hij "
                    "is. Kies met --uit een andere naam. Er is niets geschreven."
                )
    guard_output(doel, workbook=werkmap, overwrite=True)
    if (doel.exists() or doel.is_symlink()) and not overschrijf:
        raise PuzzelError(
            f"{doel} bestaat al. Kies een andere naam, of gebruik --overschrijf om het te vervangen (het oude bestand "
            f"blijft bewaard als {doel.name}.bak). Er is niets geschreven."
        )
    return doel


def schrijf_werkmap(doel: Path, data: bytes, overschrijf: bool, opdracht: str) -> None:
    """Write the new workbook: a new file never over one that appeared meanwhile; with `overschrijf` an existing
    one is replaced as every writer replaces a workbook (under its lock, refused while open, old as .bak)."""
    from xlpuzzel.storage import create_new, replace_whole
    from xlpuzzel.uitvoer import maak_map

    maak_map(doel.parent if str(doel.parent) else Path("."))
    if overschrijf and (doel.exists() or doel.is_symlink()):
        replace_whole(doel, data, opdracht)
    else:
        create_new(doel, data)


def lege_instellingen(instellingen: Mapping[str, object]) -> tuple[str, ...]:
    """The settings letters need that are still empty."""
    from xlpuzzel.brief.instellingen import BRIEF_INSTELLINGEN

    return tuple(k for k in BRIEF_INSTELLINGEN if instellingen.get(k) in (None, ""))


def _indicatief(dataset: Dataset) -> tuple[Category, ...]:
    wanted = set(dataset.meta.get("indicatief", []))
    return tuple(c for c in CATEGORIES if c.value in wanted)


def start_nieuwe_ronde(
    werkmap: str | os.PathLike[str],
    uit: str | os.PathLike[str],
    *,
    gebruiker: str,
    moment: dt.datetime,
    opgaven: str | os.PathLike[str] | None = None,
    opties: Mapping[Category, int | None] | None = None,
    omschrijving: str = "",
    overschrijf: bool = False,
) -> Gemaakt:
    """Start the next round from `werkmap` into a new workbook `uit`; the old workbook is only read."""
    from xlpuzzel.bijstelling import DEFAULT_BRON, vroegste_tijdstip
    from xlpuzzel.build import build_workbook
    from xlpuzzel.build.instellingen_sheet import DESCRIPTIONS
    from xlpuzzel.nieuw.lezen import lees_gemeentebestand
    from xlpuzzel.nieuw.overname import Overname
    from xlpuzzel.nieuw.ronde import VorigeRonde, nieuwe_ronde
    from xlpuzzel.usecases.bijstellen import lees_staat
    from xlpuzzel.workbookfile import open_workbook

    bron_pad = Path(werkmap)
    doel = doelpad(uit, overschrijf, werkmap=bron_pad)
    with open_workbook(bron_pad) as bestand_oud:  # read once; the file is never written
        overname = Overname.van(bestand_oud)
        staat = lees_staat(bestand_oud)
    bestand = lees_gemeentebestand(opgaven) if opgaven is not None else None
    teksten = overname.teksten()
    log = staat.log if staat.log_fout is None else None
    vroegste = vroegste_tijdstip(log or (), True)
    verschoven: tuple[str, ...] = ()
    if vroegste is not None and moment < vroegste[0]:
        # A clock behind the log's (a colleague's pc): the new rows still come after the log's last one.
        verschoven = ((f"het tijdstip {moment:%d-%m-%Y %H:%M:%S} ligt vóór de laatste regel van het Wijzigingslog; "
                       f"de nieuwe ronde begint daarom op {vroegste[0]:%d-%m-%Y %H:%M:%S}."),)
        moment = vroegste[0]
    vorige = VorigeRonde(
        naam=bron_pad.name,
        puzzel=staat.puzzel,
        instellingen=overname.werkmap.instellingen,
        basis=staat.basis if staat.basis_fout is None else None,
        log=log,
        titel=str(teksten["titel"]),
        ondertitel=str(teksten["ondertitel"]),
        inwoners_jaar=teksten["inwoners_jaar"],
        voetnoten=tuple(teksten["voetnoten"]),  # type: ignore[arg-type]
        legenda=teksten["legenda"],  # type: ignore[arg-type]
        bladen=overname.werkmap.sheets,
    )
    bron = str(overname.werkmap.instellingen.get("bron_wijziging") or "") or DEFAULT_BRON
    plan = nieuwe_ronde(
        vorige,
        moment=moment,
        gebruiker=gebruiker,
        bestand=bestand,
        opties=opties,
        omschrijving=omschrijving,
        bron=bron,
        sleutels=tuple(DESCRIPTIONS),
    )
    data_nieuw = build_workbook(
        plan.dataset,
        basis=plan.basis,
        aanvullen=lambda wb: overname.vul_aan(wb, plan.ronde_blad, plan.logregels),
    )
    schrijf_werkmap(doel, data_nieuw, overschrijf, "nieuwe-ronde")
    return Gemaakt(
        pad=doel,
        dataset=plan.dataset,
        opgaven=plan.opgaven,
        indicatief=plan.indicatief,
        in_te_vullen=lege_instellingen(plan.dataset.instellingen),
        meldingen=(*verschoven, *plan.meldingen, *overname.meldingen),
        ronde_blad=plan.ronde_blad,
    )
