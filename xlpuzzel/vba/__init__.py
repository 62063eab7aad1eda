"""The VBA project and ribbon of `puzzel.xlsm`, built from text sources on any platform.

Public API:
- `build_vba_project(ribbon_bas=None) -> bytes`: `xl/vbaProject.bin`, deterministic.
- `vba_sources(ribbon_bas=None) -> dict[str, str]`: module name -> stored source text.
- `ribbon_xml() -> bytes`: the text of `ribbon/customUI14.xml`.
- `embed_vba_and_ribbon(parts, vba_project, ribbon_xml) -> dict[str, bytes]`: .xlsx parts
  -> .xlsm parts.
- `ensure_ribbon_relationship(parts) -> dict[str, bytes]`: restore the `_rels/.rels` link
  to the ribbon that openpyxl drops.
"""

from __future__ import annotations

from xlpuzzel.resources import RIBBON_DIR
from xlpuzzel.vba.embed import RIBBON_PART, VBA_PROJECT_PART, embed_vba_and_ribbon, ensure_ribbon_relationship
from xlpuzzel.vba.project import build_vba_project, vba_sources

__all__ = [
    "RIBBON_PART",
    "RIBBON_SCHEMA",
    "RIBBON_SOURCE",
    "VBA_PROJECT_PART",
    "build_vba_project",
    "embed_vba_and_ribbon",
    "ensure_ribbon_relationship",
    "ribbon_xml",
    "vba_sources",
]

RIBBON_SOURCE = RIBBON_DIR / "customUI14.xml"
RIBBON_SCHEMA = RIBBON_DIR / "customui14-subset.xsd"


def ribbon_xml() -> bytes:
    """The ribbon part `customUI/customUI14.xml`, as kept in the repo's `ribbon/` folder."""
    return RIBBON_SOURCE.read_bytes()
