"""Where the repo's text sources live (data, templates, VBA, ribbon)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
TEMPLATES_DIR = ROOT / "templates"
VBA_DIR = ROOT / "vba"
RIBBON_DIR = ROOT / "ribbon"
DEFAULT_DATA = DATA_DIR / "drenthe-2024-07-12"
DEFAULT_WORKBOOK = ROOT / "puzzel.xlsm"
