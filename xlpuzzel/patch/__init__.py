"""The file writer: apply a :class:`~xlpuzzel.usecases.Schrijfplan` to a workbook package.

Patches only the XML parts that must change (see :mod:`xlpuzzel.patch.apply`); every other
part keeps its bytes, so the VBA project, the ribbon and its relationship, other sheets,
styles, notes, data validation, conditional formats and defined names survive. Parts are
parsed with lxml once per write (:class:`~xlpuzzel.patch.xmlpart.Edits`), on the same
:class:`~xlpuzzel.package.Package` the reader read. Used by the file adapter
(:mod:`xlpuzzel.workbookfile`), not by commands directly.

Public API:
- `Edits(pkg, book)`: one write's parsed parts; `store()` puts the changed ones back.
- `apply_plan(edits, plan, puzzel=…, gebruiker=…, basis_cells=…, log_cells=…, notes=…) -> cells without note`
- `sheet_notes(edits, sheet) -> SheetNotes`: a sheet's notes (read for the plan, changed by it).
"""

from xlpuzzel.patch.apply import apply_plan, sheet_notes
from xlpuzzel.patch.xmlpart import Edits

__all__ = ["Edits", "apply_plan", "sheet_notes"]
