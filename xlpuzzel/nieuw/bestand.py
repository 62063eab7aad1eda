"""The gemeenten file staff make themselves (e.g. from CBS StatLine): rows in, checked data out.

Pure parsing: the caller hands over the text of a CSV file or the rows of a worksheet, with
the file's name for messages; nothing here opens a file (see :mod:`xlpuzzel.nieuw.lezen`).

The format (README, 'Een andere provincie'):

- a header row; columns found by name, case-, accent- and punctuation-insensitive
  (`Opgave asiel`, `opgave-asiel` and `OPGAVE_ASIEL` are one column): `gemeente` and
  `inwoners` (required), `opgave_oek`, `opgave_asiel`, `opgave_amv` (optional); other
  columns (a CBS code, a period) are ignored;
- one row per gemeente; numbers as whole numbers, Dutch thousands allowed (`108.765`,
  `108 765`); an optional task column is filled for every gemeente or for none;
- optionally one row `Totaal` (or `Provincie`) with the provincial tasks in the task
  columns, and in `inwoners`, if filled, the province's population (it must be the sum);
- CSV: `;`, `,` or tab separated (the separator is the one whose first rows hold the
  header), UTF-8 with or without byte-order mark.

Every refusal is a :class:`GemeentenBestandFout` whose Dutch message names the file and the
line (CSV) or row (worksheet).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xlpuzzel.controle.opmaak import getal
from xlpuzzel.entry import Kind, interpret
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES, Category
from xlpuzzel.tekst import cel_tekst

#: Column names as staff write them in the header (normalised: see :func:`sleutel`).
GEMEENTE = "gemeente"
INWONERS = "inwoners"
OPGAVE_KOLOMMEN: dict[Category, str] = {cat: f"opgave_{cat.value}" for cat in CATEGORIES}
#: Labels of the optional row with the provincial tasks (normalised).
PROVINCIE_RIJEN = frozenset({"totaal", "provincie", "totaal_provincie", "provinciale_opgave"})
#: More gemeenten than the Netherlands has (342) several times over: a wrong file, not a province.
MAX_GEMEENTEN = 2_000
#: A gemeente name longer than this is not a name (the longest Dutch one has 28 characters).
MAX_NAAM = 80
#: The header may stand below a title or a source line: at most this many rows down.
MAX_KOP_REGEL = 10
SCHEIDINGSTEKENS = (";", ",", "\t")


class GemeentenBestandFout(PuzzelError):
    """The gemeenten file cannot be used; the Dutch message names the file and the line."""


@dataclass(frozen=True)
class GemeenteRij:
    """One gemeente of the file: its name as written, population, the tasks the file gives, and its line."""

    naam: str
    inwoners: int
    opgaven: Mapping[Category, int] = field(default_factory=dict)
    regel: int = 0


@dataclass(frozen=True)
class GemeentenBestand:
    """A parsed gemeenten file."""

    naam: str
    gemeenten: tuple[GemeenteRij, ...]
    #: The provincial tasks of the `Totaal` row (only the categories it fills).
    provincie: Mapping[Category, int] = field(default_factory=dict)
    #: The population the `Totaal` row states (None when it states none).
    provincie_inwoners: int | None = None
    #: Line of the `Totaal` row (0: the file has none).
    provincie_regel: int = 0

    @property
    def namen(self) -> tuple[str, ...]:
        """The gemeente names in file order."""
        return tuple(g.naam for g in self.gemeenten)

    @property
    def inwoners(self) -> tuple[int, ...]:
        """The population per gemeente in file order."""
        return tuple(g.inwoners for g in self.gemeenten)

    def opgaven(self, cat: Category) -> tuple[int, ...] | None:
        """The task of every gemeente in a category, None when the file gives none."""
        if not self.gemeenten or cat not in self.gemeenten[0].opgaven:
            return None
        return tuple(g.opgaven[cat] for g in self.gemeenten)


def sleutel(tekst: object) -> str:
    """A name as compared: accents dropped, case folded, every run of other characters one '_'."""
    decomposed = unicodedata.normalize("NFKD", str(tekst))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    out: list[str] = []
    for ch in plain:
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "_":
            out.append("_")
    return "".join(out).strip("_")


def parse_csv(tekst: str, naam: str) -> GemeentenBestand:
    """Parse the text of a CSV gemeenten file (any of `;`, `,`, tab; a byte-order mark is dropped)."""
    tekst = tekst.removeprefix("\ufeff")
    if not tekst.strip():
        raise GemeentenBestandFout(f"{naam} is leeg. {_FORMAAT}")
    best: list[tuple[int, list[str]]] | None = None
    for teken in SCHEIDINGSTEKENS:
        rijen = _csv_rijen(tekst, teken, naam)
        if _kop_index(rijen) is not None:
            return parse_rijen(rijen, naam, "regel")
        if best is None:
            best = rijen
    assert best is not None
    return parse_rijen(best, naam, "regel")


def _csv_rijen(tekst: str, teken: str, naam: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of every row; a row spanning lines (a quoted line break) gets its first line."""
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=teken)
    rijen: list[tuple[int, list[str]]] = []
    vorige = 0
    try:
        for velden in reader:
            rijen.append((vorige + 1, velden))
            vorige = reader.line_num
            if len(rijen) > MAX_GEMEENTEN + MAX_KOP_REGEL + 10:
                break
    except csv.Error as exc:
        raise GemeentenBestandFout(f"{naam} regel {reader.line_num}: onleesbare CSV ({exc}).") from exc
    return rijen


def parse_rijen(rijen: Iterable[tuple[int, Sequence[object]]], naam: str, waar: str = "rij") -> GemeentenBestand:
    """Parse rows of (line or row number, cells): the shared core of CSV and worksheet files.

    `waar` is the word messages use for a row ('regel' in a CSV file, 'rij' on a worksheet).
    """
    alle = [(nr, list(cellen)) for nr, cellen in rijen]
    kop = _kop_index(alle)
    if kop is None:
        eerste = next((cellen for _nr, cellen in alle if _gevuld(cellen)), [])
        gevonden = ", ".join(f"'{cel_tekst(c)}'" for c in eerste if cel_tekst(c)) or "niets"
        raise GemeentenBestandFout(
            f"{naam}: geen kopregel met de kolommen '{GEMEENTE}' en '{INWONERS}' gevonden in de eerste "
            f"{MAX_KOP_REGEL} regels (eerste regel: {gevonden}). {_FORMAAT}"
        )
    kop_nr, kop_cellen = alle[kop]
    kolommen = _kolommen(kop_cellen, naam, waar, kop_nr)
    gemeenten: list[GemeenteRij] = []
    gezien: dict[str, int] = {}
    provincie: dict[Category, int] = {}
    provincie_inwoners: int | None = None
    provincie_regel = 0
    for nr, cellen in alle[kop + 1 :]:
        if not _gevuld(cellen):
            continue
        plek = f"{naam} {waar} {nr}"
        naam_cel = cel_tekst(_cel(cellen, kolommen[GEMEENTE]))
        if sleutel(naam_cel) in PROVINCIE_RIJEN:
            if provincie_regel:
                raise GemeentenBestandFout(
                    f"{plek}: een tweede rij '{naam_cel}' (de eerste staat op {waar} {provincie_regel}); "
                    "er mag één rij met de provinciale opgaven zijn."
                )
            provincie_regel = nr
            provincie_inwoners = _getal(cellen, kolommen, INWONERS, plek, naam_cel, leeg_mag=True)
            for cat, kol in OPGAVE_KOLOMMEN.items():
                if kol in kolommen:
                    waarde = _getal(cellen, kolommen, kol, plek, naam_cel, leeg_mag=True)
                    if waarde is not None:
                        provincie[cat] = waarde
            continue
        if provincie_regel:
            raise GemeentenBestandFout(
                f"{plek}: gemeente '{naam_cel}' staat onder de rij met de provinciale opgaven ({waar} "
                f"{provincie_regel}); zet die rij onderaan."
            )
        _check_naam(naam_cel, plek)
        dubbel = gezien.get(sleutel(naam_cel))
        if dubbel is not None:
            raise GemeentenBestandFout(
                f"{plek}: gemeente '{naam_cel}' staat er twee keer in (ook op {waar} {dubbel})."
            )
        gezien[sleutel(naam_cel)] = nr
        inwoners = _getal(cellen, kolommen, INWONERS, plek, naam_cel)
        assert inwoners is not None
        if inwoners == 0:
            raise GemeentenBestandFout(f"{plek} ({naam_cel}, {INWONERS}): 0 inwoners; een gemeente heeft inwoners.")
        opgaven: dict[Category, int] = {}
        for cat, kol in OPGAVE_KOLOMMEN.items():
            if kol in kolommen:
                waarde = _getal(cellen, kolommen, kol, plek, naam_cel, leeg_mag=True)
                if waarde is not None:
                    opgaven[cat] = waarde
        gemeenten.append(GemeenteRij(naam_cel.strip(), inwoners, opgaven, nr))
        if len(gemeenten) > MAX_GEMEENTEN:
            raise GemeentenBestandFout(
                f"{plek}: meer dan {getal(MAX_GEMEENTEN)} gemeenten; is dit het goede bestand?"
            )
    if not gemeenten:
        raise GemeentenBestandFout(f"{naam}: geen gemeenten onder de kopregel ({waar} {kop_nr}). {_FORMAAT}")
    _check_volledig(gemeenten, naam, waar)
    if provincie_inwoners is not None and provincie_inwoners != sum(g.inwoners for g in gemeenten):
        som = sum(g.inwoners for g in gemeenten)
        raise GemeentenBestandFout(
            f"{naam} {waar} {provincie_regel} ({INWONERS}): de rij met de provinciale opgaven noemt "
            f"{getal(provincie_inwoners)} inwoners, maar de gemeenten tellen op tot {getal(som)}. Verbeter een "
            "gemeente of laat de cel leeg."
        )
    return GemeentenBestand(naam, tuple(gemeenten), provincie, provincie_inwoners, provincie_regel)


_FORMAAT = (
    "Verwacht: een kopregel met de kolommen gemeente en inwoners (en eventueel opgave_oek, opgave_asiel, "
    "opgave_amv), daaronder één regel per gemeente; zie README.md, 'Een andere provincie'."
)


def _kop_index(rijen: Sequence[tuple[int, Sequence[object]]]) -> int | None:
    """Index of the header row among the first non-empty rows, None when there is none."""
    gevuld = 0
    for i, (_nr, cellen) in enumerate(rijen):
        if not _gevuld(cellen):
            continue
        namen = {sleutel(c) for c in cellen if c is not None}
        if GEMEENTE in namen and INWONERS in namen:
            return i
        gevuld += 1
        if gevuld >= MAX_KOP_REGEL:
            return None
    return None


def _kolommen(cellen: Sequence[object], naam: str, waar: str, nr: int) -> dict[str, int]:
    """Column name -> position of the columns the format knows; a known name twice is refused."""
    bekend = {GEMEENTE, INWONERS, *OPGAVE_KOLOMMEN.values()}
    out: dict[str, int] = {}
    for i, cel in enumerate(cellen):
        if cel is None:
            continue
        key = sleutel(cel)
        if key not in bekend:
            continue
        if key in out:
            raise GemeentenBestandFout(
                f"{naam} {waar} {nr}: de kolom '{key}' staat er twee keer in (kolom {out[key] + 1} en {i + 1})."
            )
        out[key] = i
    return out


def _cel(cellen: Sequence[object], i: int) -> object:
    return cellen[i] if i < len(cellen) else None


def _gevuld(cellen: Sequence[object]) -> bool:
    return any(cel_tekst(c) for c in cellen)


def _getal(
    cellen: Sequence[object], kolommen: Mapping[str, int], kol: str, plek: str, wie: str, leeg_mag: bool = False
) -> int | None:
    """The whole number of 0 or more in a column of a row; None for an empty cell where that may be."""
    raw = _cel(cellen, kolommen[kol])
    waar = f"{plek} ({wie}, {kol})"
    if isinstance(raw, bool) or (raw is not None and not isinstance(raw, (int, float, str))):
        raise GemeentenBestandFout(f"{waar}: {cel_tekst(raw)!r} is geen aantal; typ een geheel getal zoals 108765 of 108.765.")
    soort, getal = interpret(raw.strip() if isinstance(raw, str) else raw)
    if soort is Kind.BLANK:
        if leeg_mag:
            return None
        raise GemeentenBestandFout(f"{waar}: leeg; typ het aantal inwoners (een geheel getal).")
    if soort is Kind.NUMBER and getal is not None:
        if getal < 0:
            raise GemeentenBestandFout(f"{waar}: {cel_tekst(raw)} is negatief; een aantal is 0 of meer.")
        return int(getal)
    if soort is Kind.DECIMAL:
        raise GemeentenBestandFout(
            f"{waar}: {cel_tekst(raw)!r} is geen geheel getal. Duizendtallen schrijft u met een punt (108.765) of "
            "zonder teken (108765); een komma is een decimaalteken."
        )
    raise GemeentenBestandFout(f"{waar}: {cel_tekst(raw)!r} is geen aantal; typ een geheel getal zoals 108765 of 108.765.")


def _check_naam(naam: str, plek: str) -> None:
    """Refuse what cannot be a gemeente name in a cell: empty, formula text, control characters, very long."""
    if not naam:
        raise GemeentenBestandFout(f"{plek}: de naam van de gemeente ontbreekt.")
    if naam.startswith("="):
        raise GemeentenBestandFout(f"{plek}: '{naam[:40]}' is een formule, geen gemeentenaam.")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in naam):
        raise GemeentenBestandFout(f"{plek}: de naam '{naam[:40]}' bevat een stuurteken of onleesbaar teken.")
    if len(naam) > MAX_NAAM:
        raise GemeentenBestandFout(f"{plek}: de naam '{naam[:40]}…' is langer dan {MAX_NAAM} tekens.")


def _check_volledig(gemeenten: Sequence[GemeenteRij], naam: str, waar: str) -> None:
    """A task column is filled for every gemeente or for none: half a column would give half a task.

    Oek per gemeente is never read from the file (it is the provincial task by population), so a
    filled Oek cell of a gemeente is refused rather than silently ignored.
    """
    met_oek = next((g for g in gemeenten if Category.OEK in g.opgaven), None)
    if met_oek is not None:
        raise GemeentenBestandFout(
            f"{naam} {waar} {met_oek.regel} ({met_oek.naam}, {OPGAVE_KOLOMMEN[Category.OEK]}): de Oek-opgave van een "
            "gemeente is altijd de provinciale opgave naar rato van het aantal inwoners. Laat deze cellen leeg en zet "
            "de provinciale Oek-opgave in de rij Totaal (of geef haar met --opgave-oek)."
        )
    for cat, kol in OPGAVE_KOLOMMEN.items():
        met = [g for g in gemeenten if cat in g.opgaven]
        if met and len(met) < len(gemeenten):
            zonder = next(g for g in gemeenten if cat not in g.opgaven)
            raise GemeentenBestandFout(
                f"{naam} {waar} {zonder.regel} ({zonder.naam}, {kol}): leeg, terwijl {len(met)} andere "
                f"gemeenten een {kol} hebben. Vul de kolom voor elke gemeente, of laat hem helemaal leeg: dan "
                "wordt de provinciale opgave naar inwoners verdeeld (indicatief)."
            )
