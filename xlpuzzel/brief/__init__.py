"""Letters to the colleges van B&W and the memo 'Tussenstand <naam van de puzzel>'.

The pure core says what a template shows: `brief` (the letter), `memo`, `tabel` (the
table rows), `zinnen` (gaps and swaps in words), `instellingen` (settings), `namen` (official
gemeente names), `concept` (the CONCEPT mark and its reasons). `cijfers` refuses numbers that do
not close and letters without a postal address; `sjabloon` checks and renders a
Word template in Jinja's sandbox; `render` writes the documents (docxtpl imported only when
rendering); `pdf` converts them in one batch.
"""

from xlpuzzel.brief.brief import brief_context, brieven_contexten
from xlpuzzel.brief.cijfers import AdresOntbreekt, CijfersNietSluitend, beoordeel_adressen, beoordeel_cijfers
from xlpuzzel.brief.concept import ADRES_MARKERING, CONCEPT_MARKERING
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    MEMO_INSTELLINGEN,
    InstellingFout,
    controleer_instellingen,
)
from xlpuzzel.brief.memo import memo_context
from xlpuzzel.brief.render import BriefResultaat, render_brieven, render_memo
from xlpuzzel.brief.sjabloon import SjabloonFout

__all__ = [
    "ADRES_MARKERING",
    "BRIEF_INSTELLINGEN",
    "CONCEPT_MARKERING",
    "MEMO_INSTELLINGEN",
    "AdresOntbreekt",
    "BriefResultaat",
    "CijfersNietSluitend",
    "InstellingFout",
    "SjabloonFout",
    "beoordeel_adressen",
    "beoordeel_cijfers",
    "brief_context",
    "brieven_contexten",
    "controleer_instellingen",
    "memo_context",
    "render_brieven",
    "render_memo",
]
