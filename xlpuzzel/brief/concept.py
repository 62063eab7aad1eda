"""The part every document's context shares: the CONCEPT mark and the settings as the template sees them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlpuzzel.brief.instellingen import instellingen_context

#: The visible mark on every document made despite findings of severity fout.
CONCEPT_MARKERING = "CONCEPT — cijfers niet sluitend"


def gemeenschappelijk(instellingen: Mapping[str, Any], concept: bool) -> dict[str, Any]:
    """The concept flag and mark, and every setting formatted Dutch (`instellingen`)."""
    return {
        "concept": bool(concept),
        "markering": CONCEPT_MARKERING if concept else "",
        "instellingen": instellingen_context(instellingen),
    }
