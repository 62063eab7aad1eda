"""The VBA project and ribbon of `puzzel.xlsm`, built from text sources on any platform.

Public API:
- `build_vba_project(ribbon_bas=None) -> bytes`: `xl/vbaProject.bin`, deterministic.
- `vba_sources(ribbon_bas=None) -> dict[str, str]`: module name -> stored source text.
- `ribbon_xml(tab_label=None) -> bytes`: the text of `ribbon/customUI14.xml` (with the tab's
  label replaced when given: each province's workbook names its own puzzel).
- `embed_vba_and_ribbon(parts, vba_project, ribbon_xml) -> dict[str, bytes]`: .xlsx parts
  -> .xlsm parts.
- `ensure_ribbon_relationship(parts) -> dict[str, bytes]`: restore the `_rels/.rels` link
  to the ribbon that openpyxl drops.
"""

from __future__ import annotations

from pathlib import Path

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

_RIBBON_DIR = Path(__file__).resolve().parents[2] / "ribbon"
RIBBON_SOURCE = _RIBBON_DIR / "customUI14.xml"
RIBBON_SCHEMA = _RIBBON_DIR / "customui14-subset.xsd"


def ribbon_xml(tab_label: str | None = None) -> bytes:
    """The ribbon part `customUI/customUI14.xml`, as kept in the repo's `ribbon/` folder.

    `tab_label` replaces the label of the tab (the file's own when None or equal), so the
    source's bytes stay as they are for the shipped workbook.
    """
    data = RIBBON_SOURCE.read_bytes()
    if not tab_label:
        return data
    import re
    from xml.sax.saxutils import quoteattr

    # One printable line within the schema's ST_String limit: a control character would make Excel drop the ribbon.
    label = " ".join("".join(c if c.isprintable() else " " for c in tab_label).split())[:1024]
    if not label:
        return data
    return re.sub(rb'(<tab\b[^>]*?\slabel=)"[^"]*"', lambda m: m.group(1) + quoteattr(label).encode("utf-8"), data, count=1)
