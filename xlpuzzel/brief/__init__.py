"""Letters to the colleges van B&W and the memo 'Tussenstand De Drentse Puzzel'.

`context` is the pure core (what a template shows); `render` writes the documents with
docxtpl (imported only when rendering); `pdf` converts them in one batch.
"""

from xlpuzzel.brief.context import (
    CONCEPT_MARKERING,
    InstellingFout,
    brief_context,
    brieven_contexten,
    memo_context,
)
from xlpuzzel.brief.render import (
    BriefResultaat,
    CijfersNietSluitend,
    SjabloonFout,
    beoordeel_cijfers,
    render_brieven,
    render_memo,
)

__all__ = [
    "CONCEPT_MARKERING",
    "BriefResultaat",
    "CijfersNietSluitend",
    "InstellingFout",
    "SjabloonFout",
    "beoordeel_cijfers",
    "brief_context",
    "brieven_contexten",
    "memo_context",
    "render_brieven",
    "render_memo",
]
