"""Ribbon buttons 'Functies importeren' and 'Over', and the log every click writes to.

The log is a plain text file per user: one line per click (button, outcome, duration)
and the traceback of anything unexpected, so a support question can start from it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlpuzzel.errors import PuzzelError
from xlpuzzel.excel.werkmap import boek, in_lite, melding, status
from xlpuzzel.layout import XLWINGS_CONF_SHEET

if TYPE_CHECKING:
    import xlwings as xw

#: Environment variable that moves the log (tests, or a shared support folder).
LOG_ENV = "XLPUZZEL_LOG"
#: The log is cut back to its last half when it grows past this size.
LOG_MAX_BYTES = 1_000_000
#: Module with the worksheet functions when sheet xlwings.conf does not name one.
UDF_MODULE = "udfs.puzzel_udfs"

Importeerder = Callable[[str, Any], object]
#: Modules of pywin32, which xlwings needs to put the functions in the workbook (Windows only).
_PYWIN32 = ("pythoncom", "pywintypes", "win32")


def logboek_pad() -> Path:
    """Where this user's log is: %LOCALAPPDATA%\\xlpuzzel\\xlpuzzel.log on Windows."""
    if os.environ.get(LOG_ENV):
        return Path(os.environ[LOG_ENV])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "xlpuzzel" / "xlpuzzel.log"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "xlpuzzel" / "xlpuzzel.log"


def log(regel: str) -> None:
    """Append a time-stamped line to the log; a log that cannot be written never stops a click."""
    path = logboek_pad()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            tail = path.read_bytes()[-LOG_MAX_BYTES // 2 :]
            path.write_bytes(tail[tail.find(b"\n") + 1 :])
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {regel.rstrip()}\n")
    except OSError:
        pass


def functies_importeren(book: xw.Book | None = None, *, importeer: Importeerder | None = None) -> str:
    """Make the worksheet functions available in the workbook (xlwings' ImportPythonUDFs)."""
    book = boek(book)
    modules = _udf_modules(book)
    status(book, "Functies importeren…")
    try:
        (importeer or _xlwings_import)(modules, book)
    except ImportError as exc:
        ontbreekt = _ontbrekende_module(exc, modules)
        if ontbreekt is not None:
            raise PuzzelError(
                f"De module met de functies ('{ontbreekt}', instelling 'UDF Modules' op het verborgen werkblad "
                f"{XLWINGS_CONF_SHEET}) is niet gevonden in de Python die Excel gebruikt ({sys.executable}). "
                "Controleer de naam op dat werkblad, of installeer xlpuzzel opnieuw met die Python. "
                "Zie README.md, 'Installeren op Windows'."
            ) from exc
        if getattr(exc, "name", None) and not str(exc.name).startswith(_PYWIN32):
            raise  # another module is missing: unexpected, its traceback goes to the log
        raise PuzzelError(
            "Functies importeren kan alleen in Excel voor Windows (xlwings gebruikt daarvoor pywin32). "
            "Zie README.md, 'Installeren op Windows'."
        ) from exc
    except Exception as exc:
        text = str(exc).lower()
        if "trust" in text or "vertrouw" in text:
            raise PuzzelError(
                "Excel staat niet toe dat de functies in de werkmap worden gezet. Zet aan: Bestand > "
                "Opties > Vertrouwenscentrum > Instellingen voor het Vertrouwenscentrum > Instellingen "
                "voor macro's > 'Toegang tot het VBA-projectobjectmodel vertrouwen' (Engels: 'Trust "
                "access to the VBA project object model'), en klik opnieuw op Functies importeren."
            ) from exc
        raise
    namen = ", ".join(functie_namen(modules))
    tekst = (
        f"De functies zijn beschikbaar: {namen}. Typ in een cel =PUZZEL_ om ze te gebruiken. "
        "Sla de werkmap op om ze te bewaren."
    )
    status(book, "Functies geïmporteerd.")
    melding(book, tekst)
    return modules


def functie_namen(modules: str) -> list[str]:
    """The worksheet functions the modules define (their names start with PUZZEL_)."""
    import importlib

    out: list[str] = []
    for name in modules.split(";"):
        if name.strip():
            module = importlib.import_module(name.strip())
            out += [n for n in dir(module) if n.startswith("PUZZEL_") and callable(getattr(module, n))]
    return out


def over(book: xw.Book | None = None) -> str:
    """Versions, the workbook and where the log is, in a message box."""
    import xlwings

    from xlpuzzel import __version__

    book = boek(book)
    if in_lite():  # no local Python and no log file the user can open
        waar = "Python: xlwings Lite (Pyodide in Excel)\n"
        hulp = "README.md, 'Werken zonder macro's (xlwings Lite)'."
    else:
        waar = f"Python: {sys.executable}\nWerkmap: {book.fullname}\nLogboek: {logboek_pad()}\n"
        hulp = "README.md, 'Installeren op Windows'."
    tekst = (
        f"xlpuzzel {__version__}: het gereedschap achter de puzzel\n\n"
        f"xlwings {xlwings.__version__}, Python {platform.python_version()}\n"
        f"{waar}\nInstallatie en veelvoorkomende fouten: {hulp}"
    )
    melding(book, tekst)
    return tekst


def _ontbrekende_module(exc: ImportError, modules: str) -> str | None:
    """The module of 'UDF Modules' that the failed import could not find (None: pywin32 or the like is missing)."""
    missing = getattr(exc, "name", None)
    if not isinstance(exc, ModuleNotFoundError) or not missing:
        return None
    for name in (m.strip() for m in modules.split(";")):
        if name == missing or name.startswith(f"{missing}."):
            return name
    return None


def _udf_modules(book: xw.Book) -> str:
    """'UDF Modules' of sheet xlwings.conf as xlwings itself reads it, else the project's module."""
    from xlwings.utils import read_config_sheet

    config = {str(k).strip().upper(): v for k, v in (read_config_sheet(book) or {}).items()}
    value = config.get("UDF MODULES")
    return str(value).strip() if value else UDF_MODULE


def _xlwings_import(modules: str, book: xw.Book) -> object:
    """What the VBA macro ImportPythonUDFs does, called directly: no second round trip through VBA."""
    if not sys.platform.startswith("win"):
        raise ImportError("xlwings.import_udfs needs pywin32 (Windows)")
    import xlwings

    return xlwings.import_udfs(modules, book.api)
