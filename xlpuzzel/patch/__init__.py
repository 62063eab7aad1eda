"""The file writer of change tracking: apply a plan of :mod:`xlpuzzel.bijstelling` to a workbook's parts.

Patches only the XML parts that must change (see :mod:`xlpuzzel.patch.apply`); every other
part keeps its bytes, so the VBA project, the ribbon and its relationship, other sheets,
styles, notes, data validation, conditional formats and defined names survive.

Public API:
- `lees_staat(parts, name) -> BijstellingStaat`: puzzel, baseline, log, notes, Woo mapping.
- `pas_markeerplan_toe(parts, plan, staat, gebruiker) -> Toegepast`
- `pas_basisplan_toe(parts, plan, staat) -> Toegepast`
"""

from xlpuzzel.patch.apply import Toegepast, pas_basisplan_toe, pas_markeerplan_toe
from xlpuzzel.patch.state import BijstellingStaat, lees_staat

__all__ = ["BijstellingStaat", "Toegepast", "lees_staat", "pas_basisplan_toe", "pas_markeerplan_toe"]
