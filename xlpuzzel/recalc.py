"""Recalculate a workbook with LibreOffice (headless), so its formulas get cached values.

Used by tests and tools that must read what Excel would show without Excel. Every run
gets its own LibreOffice profile in a temp folder: parallel runs do not hand their work to
one another's soffice process, and CI running as root needs no home profile.

LibreOffice 7.4 ignores `fullCalcOnLoad` (a file with stale cached values converts with
the stale values); it only computes formulas that have no cached value. The private
profile therefore sets Calc's load option "recalculate: always" for OOXML and ODF, so each
conversion is a hard recalculation whatever the file holds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlpuzzel.errors import PuzzelError

#: Environment variable with the full path of soffice, when it is not on PATH.
SOFFICE_ENV = "XLPUZZEL_SOFFICE"
#: Seconds one conversion may take before it is stopped.
DEFAULT_TIMEOUT = 120.0
#: LibreOffice filter that writes .xlsx.
XLSX_FILTER = "Calc MS Excel 2007 XML"

_KNOWN_LOCATIONS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)

# 0 = always recalculate on load (1 = never, 2 = ask). With the default, stale values stay.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """Path of LibreOffice's soffice ($XLPUZZEL_SOFFICE, PATH, usual install folders), or None."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _KNOWN_LOCATIONS:
        if Path(candidate).is_file():
            return candidate
    return None


def soffice_command(profile_dir: str | os.PathLike[str]) -> list[str]:
    """soffice headless with a private profile folder; append e.g. `--convert-to pdf --outdir D file`."""
    soffice = find_soffice()
    if soffice is None:
        raise PuzzelError(
            "LibreOffice (soffice) is niet gevonden. Installeer LibreOffice of zet het volledige pad "
            f"van soffice in de omgevingsvariabele {SOFFICE_ENV}."
        )
    return [
        soffice,
        f"-env:UserInstallation={Path(profile_dir).resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
    ]


@contextmanager
def private_profile() -> Iterator[Path]:
    """A fresh LibreOffice profile folder (recalculate on load) that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-lo-", ignore_cleanup_errors=True) as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        yield profile


def run_soffice(args: list[str], timeout: float = DEFAULT_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run a soffice command line; stop it (and only its own process group) after `timeout` seconds."""
    popen_kwargs: dict[str, object] = {}
    if sys.platform == "win32":
        popen_kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        popen_kwargs["start_new_session"] = True
    try:
        proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            **popen_kwargs,  # type: ignore[call-overload]
        )
    except OSError as exc:
        raise PuzzelError(f"LibreOffice ({args[0]}) kon niet worden gestart: {exc.strerror or exc}.") from exc
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop(proc)
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            pass  # a grandchild outside our reach still holds the pipes; it is no longer ours to wait for
        raise PuzzelError(
            f"LibreOffice reageerde niet binnen {timeout:g} seconden en is gestopt; er is niets geschreven."
        ) from exc
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _stop(proc: subprocess.Popen[str]) -> None:
    # soffice is a wrapper script that starts soffice.bin: stop the whole group we created.
    if sys.platform != "win32":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            pass
    proc.kill()


def recalculate(
    path_in: str | os.PathLike[str],
    path_out_dir: str | os.PathLike[str],
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Recalculate every formula of a workbook (.xlsx/.xlsm) and write `<stem>.xlsx` into `path_out_dir`.

    The result holds the formulas with fresh cached values (read them with openpyxl
    `data_only=True`); macros are not run and not kept. The input is never changed.
    """
    source = Path(path_in).resolve()
    out_dir = Path(path_out_dir).resolve()
    target = out_dir / f"{source.stem}.xlsx"
    if not source.is_file():
        raise PuzzelError(f"{path_in}: bestand niet gevonden; er valt niets door te rekenen.")
    if not zipfile.is_zipfile(source):
        raise PuzzelError(f"{path_in}: geen Excel-werkmap (geen geldig .xlsx/.xlsm-bestand).")
    if target == source:
        raise PuzzelError(
            f"{path_in}: het doorgerekende bestand zou het origineel overschrijven; kies een andere map."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with private_profile() as profile:
        work = profile.parent / "uit"
        work.mkdir()
        result = run_soffice(
            [
                *soffice_command(profile),
                "--convert-to",
                f"xlsx:{XLSX_FILTER}",
                "--outdir",
                str(work),
                str(source),
            ],
            timeout=timeout,
        )
        produced = work / target.name
        # soffice exits with 0 even when it could not load the file: the output decides.
        if result.returncode != 0 or not produced.is_file():
            detail = _error_line(result.stdout + "\n" + result.stderr) or f"afsluitcode {result.returncode}"
            raise PuzzelError(f"{path_in}: LibreOffice kon de werkmap niet doorrekenen ({detail}).")
        shutil.move(str(produced), str(target))
    return target


def _error_line(text: str) -> str:
    """LibreOffice's own 'Error: ...' line (e.g. 'source file could not be loaded'), if any."""
    for line in text.splitlines():
        if line.strip().lower().startswith("error:"):
            return line.strip()
    return ""
