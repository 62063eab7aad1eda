"""Where the text sources the tool reads at run time live: data files, Word templates, VBA, ribbon, Lite code.

The folders stay at the top of the repository (`data/`, `templates/`, `vba/`, `ribbon/`, `lite/`),
where staff and developers look for them. The wheel ships them as package data inside
the package (`xlpuzzel/data/`, ... : the `package-dir` mapping in pyproject.toml), so an
installed wheel needs no checkout. This module is the one place that knows both homes:
the packaged folder when it is there (an installed wheel, xlwings Lite), else the folder
of the checkout (a source tree on PYTHONPATH, an editable install).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The checkout this package sits in (only meaningful for a source tree).
ROOT = Path(__file__).resolve().parent.parent
#: The folders shipped as package data, by their name in the repository and in the wheel.
FOLDERS = ("data", "templates", "vba", "ribbon", "lite")
#: Their parent inside the installed package.
PACKAGED = "bestanden"


def folder(name: str) -> Path:
    """The folder `name` (one of FOLDERS): packaged inside xlpuzzel when installed, else in the checkout."""
    packaged = Path(str(files("xlpuzzel").joinpath(PACKAGED, name)))
    return packaged if packaged.is_dir() else ROOT / name


DATA_DIR = folder("data")
TEMPLATES_DIR = folder("templates")
VBA_DIR = folder("vba")
RIBBON_DIR = folder("ribbon")
LITE_DIR = folder("lite")
DEFAULT_DATA = DATA_DIR / "drenthe-2024-07-12"
DEFAULT_WORKBOOK = ROOT / "puzzel.xlsm"
