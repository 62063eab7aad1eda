"""Convert rendered .docx files to PDF in one batch: Word on Windows when installed, else LibreOffice.

LibreOffice runs once for the whole batch (in chunks of 100 for hundreds of letters),
headless, with a private profile folder so that parallel runs and an open LibreOffice of
the user do not interfere. The Word path (COM
automation through pywin32) can only run on Windows with Word installed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from xlpuzzel.errors import PuzzelError

#: Seconds LibreOffice gets to start, plus seconds per document.
START_TIMEOUT, PER_DOCUMENT_TIMEOUT = 90.0, 10.0
#: Documents per LibreOffice call: one batch for the 12 letters, chunks for hundreds.
BATCH_SIZE = 100
WD_EXPORT_FORMAT_PDF = 17


class PdfFout(PuzzelError):
    """Converting to PDF failed; the message is Dutch and names the file."""


def _word_available() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import win32com.client  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def converter() -> str | None:
    """Which converter would run: 'word', 'libreoffice' or None when neither is installed."""
    if _word_available():
        return "word"
    from xlpuzzel.recalc import find_soffice

    return "libreoffice" if find_soffice() else None


def naar_pdf(documenten: Sequence[Path], uit_map: Path) -> list[Path]:
    """Write `<stem>.pdf` for each document into `uit_map`; PdfFout names the first that failed."""
    if not documenten:
        return []
    word_fout: Exception | None = None
    if _word_available():
        try:
            return _met_word(documenten, uit_map)
        except PdfFout:
            raise
        except Exception as exc:  # noqa: BLE001 - Word refused to start (licence, dialog): try LibreOffice
            word_fout = exc
    try:
        return _met_libreoffice(documenten, uit_map)
    except PuzzelError as exc:
        if word_fout is None:
            raise
        raise PdfFout(f"Word kon de documenten niet omzetten ({word_fout}) en {exc.melding}") from exc


def _verwacht(documenten: Sequence[Path], uit_map: Path) -> list[Path]:
    out = [uit_map / (doc.stem + ".pdf") for doc in documenten]
    for doc, pdf in zip(documenten, out):
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise PdfFout(f"{doc.name}: omzetten naar PDF is mislukt; er is niets geschreven.")
    return out


def _met_libreoffice(documenten: Sequence[Path], uit_map: Path) -> list[Path]:
    from xlpuzzel.recalc import private_profile, run_soffice, soffice_command

    with private_profile() as profile:
        # LibreOffice 7.x stops silently after a couple of hundred files in one call (exit
        # code 0); chunks keep every run far below that, and a second pass redoes any file
        # that is still missing.
        for _ in range(2):
            missing = [d for d in documenten if not (uit_map / (d.stem + ".pdf")).is_file()]
            for start in range(0, len(missing), BATCH_SIZE):
                chunk = missing[start : start + BATCH_SIZE]
                args = [
                    *soffice_command(profile),
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(uit_map),
                    *(str(d) for d in chunk),
                ]
                result = run_soffice(args, timeout=START_TIMEOUT + PER_DOCUMENT_TIMEOUT * len(chunk))
                if result.returncode != 0:
                    raise PdfFout(
                        f"LibreOffice kon de documenten niet omzetten naar PDF (afsluitcode {result.returncode}); "
                        "er is niets geschreven."
                    )
    return _verwacht(documenten, uit_map)


def _met_word(documenten: Sequence[Path], uit_map: Path) -> list[Path]:  # pragma: no cover - Windows only
    import pythoncom  # type: ignore[import-not-found]
    import win32com.client  # type: ignore[import-not-found]

    pythoncom.CoInitialize()
    word = win32com.client.DispatchEx("Word.Application")
    try:
        word.Visible = False
        word.DisplayAlerts = 0
        for doc in documenten:
            opened = word.Documents.Open(str(doc.resolve()), ReadOnly=True, AddToRecentFiles=False)
            try:
                opened.ExportAsFixedFormat(str((uit_map / (doc.stem + ".pdf")).resolve()), WD_EXPORT_FORMAT_PDF)
            finally:
                opened.Close(False)
    finally:
        word.Quit()
        pythoncom.CoUninitialize()
    return _verwacht(documenten, uit_map)
