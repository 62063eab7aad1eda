"""The postal addresses of the colleges van B&W (sheet Adressen), as staff typed them.

No source document holds them, so they are never invented: a gemeente whose row lacks a
postal address, postcode or plaats has no address, and its letter is refused (or, made
despite errors, marked as concept). Pure: rows of cell values in, :class:`Adres` values out;
the file reader and the xlwings adapter both hand their rows to :func:`adressen_uit_rijen`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlpuzzel.layout import ADRES_KOLOMMEN, ADRESSEN_LAYOUT, ADRESSEN_SHEET, parse_address
from xlpuzzel.tekst import cel_tekst

_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
#: Fields without which a letter cannot be posted.
VERPLICHT: tuple[tuple[str, str], ...] = (("postadres", "postadres"), ("postcode", "postcode"), ("plaats", "plaats"))


@dataclass(frozen=True)
class Adres:
    """One row of sheet Adressen."""

    gemeente: str
    naam: str = ""
    postadres: str = ""
    postcode: str = ""
    plaats: str = ""
    email: str = ""
    #: Sheet row, for messages (None when the gemeente has no row).
    rij: int | None = None

    @property
    def ontbreekt(self) -> tuple[str, ...]:
        """The required fields that are empty, in Dutch ('postadres', 'postcode', 'plaats')."""
        return tuple(label for field, label in VERPLICHT if not getattr(self, field).strip())

    @property
    def compleet(self) -> bool:
        """True when the letter can be posted: postal address, postcode and plaats are filled in."""
        return not self.ontbreekt and postcode_fout(self.postcode) is None

    @property
    def postcode_plaats(self) -> str:
        """'7800 RA  EMMEN': postcode, two spaces, plaats in capitals (PostNL's rule for an address block)."""
        return f"{normaliseer_postcode(self.postcode)}  {self.plaats.strip().upper()}".strip()


#: Table name (casefolded, stripped) -> address.
Adressen = Mapping[str, Adres]


def sleutel(gemeente: str) -> str:
    """How a gemeente's name is matched between sheets Puzzel and Adressen."""
    return " ".join(str(gemeente).split()).casefold()


def normaliseer_postcode(postcode: str) -> str:
    """'9400ac' -> '9400 AC'; anything that is no Dutch postcode stays as typed."""
    match = _POSTCODE.match(postcode or "")
    if match is None:
        return (postcode or "").strip()
    return f"{match.group(1)} {match.group(2).upper()}"


def postcode_fout(postcode: str) -> str | None:
    """Why a typed postcode is no Dutch postcode (None when it is one, or when it is empty)."""
    if not (postcode or "").strip() or _POSTCODE.match(postcode):
        return None
    return f"postcode '{postcode.strip()}' is geen Nederlandse postcode (zoals 9400 AC)"


def _tekst(value: object) -> str:
    """A cell's text with its white space folded (an address typed over two lines reads as one)."""
    return " ".join(cel_tekst(value).split())


def adressen_uit_rijen(rijen: Sequence[Sequence[object]], eerste_rij: int = ADRESSEN_LAYOUT.first_row) -> dict[str, Adres]:
    """Rows of sheet Adressen (columns as in ADRES_KOLOMMEN, from `eerste_rij`) -> addresses by gemeente.

    Rows without a gemeente name are skipped; a name that occurs twice keeps its first row.
    """
    velden = [field for field, _ in ADRES_KOLOMMEN]
    out: dict[str, Adres] = {}
    for offset, rij in enumerate(rijen):
        waarden = {field: _tekst(rij[i]) if i < len(rij) else "" for i, field in enumerate(velden)}
        if not waarden["gemeente"]:
            continue
        key = sleutel(waarden["gemeente"])
        if key not in out:
            out[key] = Adres(**waarden, rij=eerste_rij + offset)
    return out


def adressen_uit_velden(gemeenten: Sequence[str], velden: Mapping[str, Mapping[str, object]]) -> dict[str, Adres]:
    """The addresses of a data file (`adressen` in its JSON) as sheet Adressen holds them after a build."""
    rijen = [[name, *((velden.get(name) or {}).get(f) for f, _ in ADRES_KOLOMMEN[1:])] for name in gemeenten]
    return adressen_uit_rijen(rijen)


def adressen_uit_cellen(cellen: Mapping[str, object]) -> dict[str, Adres]:
    """Sheet Adressen given as A1 address -> value (both readers have it so) -> addresses by gemeente."""
    a = ADRESSEN_LAYOUT
    letters = [a.letter(field) for field, _ in ADRES_KOLOMMEN]
    rows = [parse_address(address) for address in cellen]
    last = max((r[0] for r in rows if r is not None), default=0)
    rijen = [[cellen.get(f"{x}{r}") for x in letters] for r in range(a.first_row, last + 1)]
    return adressen_uit_rijen(rijen, a.first_row)


def adres_van(adressen: Adressen, gemeente: str) -> Adres:
    """The gemeente's address, or an empty one (no row) when sheet Adressen lacks it."""
    return adressen.get(sleutel(gemeente)) or Adres(gemeente=gemeente)


def adres_melding(adres: Adres, naam: str) -> str | None:
    """Why the letter to this gemeente cannot be posted, in Dutch and naming the row; None when it can."""
    if adres.rij is None:
        return (
            f"De gemeente {naam} staat niet op blad {ADRESSEN_SHEET}: vul daar een rij in met de naam zoals op "
            "blad Puzzel, het postadres, de postcode en de plaats van het college."
        )
    ontbreekt = adres.ontbreekt
    if ontbreekt:
        velden = ontbreekt[0] if len(ontbreekt) == 1 else ", ".join(ontbreekt[:-1]) + " en " + ontbreekt[-1]
        werkwoord = "ontbreekt" if len(ontbreekt) == 1 else "ontbreken"
        return (
            f"Het adres van het college van {naam} is niet compleet: {velden} {werkwoord} op blad "
            f"{ADRESSEN_SHEET}, rij {adres.rij}."
        )
    fout = postcode_fout(adres.postcode)
    if fout:
        return f"Het adres van het college van {naam} op blad {ADRESSEN_SHEET}, rij {adres.rij}: {fout}."
    return None
