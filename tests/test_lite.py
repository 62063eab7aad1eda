"""xlwings Lite: every script of lite/main.py runs inside Pyodide and does what the ribbon function does.

Pyodide is the npm package pinned in tests/node/package.json (the version xlwings Lite names);
the project's wheel and the pure-Python wheels of its dependencies (the versions installed
here) are unpacked into it, as micropip would. One Pyodide start per session runs every
script against remote-engine books of the shipped workbook and of a changed one (typed
numbers, notes, a proposal on sheet Voorstel). The same button then runs on CPython through
`xlpuzzel.excel.dispatch` with the same form values, and the actions must be the same.

Measured limits of this offline Pyodide (Pyodide's own package repository is not reachable
here, so lxml, numpy and SciPy cannot be loaded): letters and memo stop with the Dutch message
about the Word library, and the proposal with the one about the solver. For those the test
checks that message, and compares what Pyodide can compute: the letters' and memo's texts
(their contexts) against CPython's.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata
import inspect
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.remote_payload import payload_from_workbook, use_remote_engine
from xlpuzzel.resources import ROOT

NODE_DIR = ROOT / "tests" / "node"
LITE_DIR = ROOT / "lite"
FIXED = dt.datetime(2026, 11, 27, 14, 30)
#: The form values a user fills in above the buttons (xlwings Lite's App Mode).
FORM = {"gebruiker": "jjansen", "ja": True}
#: Pure-Python wheels unpacked into Pyodide, in the versions installed here (so Babel formats alike).
PURE = ("xlwings", "openpyxl", "et_xmlfile", "babel", "jinja2", "docxtpl", "python-docx", "typing_extensions")
#: Buttons that need a library this offline Pyodide cannot load, and the Dutch message they give instead.
ZONDER_BIBLIOTHEEK = {
    "brieven": "de Word-bibliotheek ontbreekt (Python-pakket 'lxml')",
    "memo": "de Word-bibliotheek ontbreekt (Python-pakket 'lxml')",
    "voorstel_berekenen": "(het Python-pakket highspy, of anders scipy) is niet geïnstalleerd",
}
#: Ribbon buttons without a Lite script, and why: the worksheet functions need VBA and a local Python; a new
#: round or puzzel reads the workbook's saved file and writes a second workbook, and Lite has neither.
NIET_IN_LITE = {"functies_importeren", "nieuwe_ronde", "nieuwe_puzzel"}
CHANGES = {"K7": 150, "N7": 400, "H14": 0, "C9": 281}
NOTES = {"Puzzel": {"K7": "Afgesproken met wethouder", "N7": "Tussentijds bijgesteld op 1-11-2026 door x: was 1, nu 2."}}


def _main_module() -> Any:
    """lite/main.py with xlwings' `script` of Lite and Server (xlwings.server), as Lite imports it."""
    import importlib.util

    import xlwings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
        import xlwings.server

        mp.setattr(xlwings, "script", xlwings.server.script)
        spec = importlib.util.spec_from_file_location("lite_main", LITE_DIR / "main.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _scripts() -> dict[str, list[str]]:
    """Script name -> its form fields (the parameters after the book)."""
    out = {}
    for name, func in inspect.getmembers(_main_module(), inspect.isfunction):
        if getattr(func, "__xlscript__", None) is not None:
            out[name] = list(inspect.signature(func).parameters)[1:]
    return out


def _books(workbook: bytes, tmp: Path) -> dict[str, dict[str, Any]]:
    """Payloads of the shipped workbook (letter settings filled in, made-up) and of a changed one that also has a
    proposal on sheet Voorstel."""
    from conftest import met_testinstellingen_in

    from xlpuzzel.cli import main

    workbook = met_testinstellingen_in(workbook)
    path = tmp / "puzzel.xlsm"
    path.write_bytes(workbook)
    assert main(["voorstel", str(path), "--schrijf"]) == 0
    return {
        "shipped": payload_from_workbook(workbook),
        "changed": payload_from_workbook(path.read_bytes(), changes=CHANGES, notes=NOTES),
    }


def run_in_pyodide(wheel: Path, host: Path, books: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every Lite script on every book in one Pyodide session (also used by benchmarks/bench_lite.py)."""
    wheels = host / "wheels"
    wheels.mkdir()
    shutil.copy2(wheel, wheels)
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in PURE]
    pyver = f"{sys.version_info.major}.{sys.version_info.minor}"
    got = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--platform", "any",
         "--python-version", pyver, "--implementation", "py", "-d", str(wheels), *pins],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert got.returncode == 0, got.stderr
    # MarkupSafe has no pure wheel; its sdist runs without the C speedups (Pyodide ships a build of it).
    sdist = host / "sdist"
    got = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:", "-d", str(sdist),
         f"markupsafe=={importlib.metadata.version('markupsafe')}"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert got.returncode == 0, got.stderr
    (archive,) = sdist.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(sdist, filter="data")
    (package,) = sdist.glob("*/src/markupsafe")
    shutil.copytree(package, host / "src" / "markupsafe")
    shutil.copytree(LITE_DIR, host / "lite")
    scripts = _scripts()
    cases = [
        {"id": f"{script}/{book}", "script": script, "payload": payload,
         "args": [FORM[field] for field in fields]}
        for script, fields in scripts.items()
        for book, payload in books.items()
    ]
    (host / "job.json").write_text(json.dumps({"cases": cases, "books": books}, default=str), encoding="utf-8")
    shutil.copy2(ROOT / "tests" / "lite_driver.py", host / "driver.py")
    done = subprocess.run(
        ["node", str(NODE_DIR / "pyodide_run.mjs"), str(host), "driver.py"],
        cwd=NODE_DIR, check=False, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((host / "result.json").read_text(encoding="utf-8"))


def pyodide_ontbreekt() -> bool:
    """True when Node or the pinned Pyodide package is not installed (npm ci --prefix tests/node)."""
    return shutil.which("node") is None or not (NODE_DIR / "node_modules" / "pyodide").is_dir()


@pytest.fixture(scope="session")
def lite_run(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every Lite script on every book, in one Pyodide session; the books and the result."""
    if pyodide_ontbreekt():
        pytest.skip("Pyodide ontbreekt: npm ci --prefix tests/node (zie .ci/run)")
    host = tmp_path_factory.mktemp("pyodide")
    books = _books((ROOT / "puzzel.xlsm").read_bytes(), host)
    return {"books": books, "scripts": _scripts(), "result": run_in_pyodide(wheel, host, books)}


def _pyodide_case(lite_run: dict[str, Any], script: str, book: str) -> dict[str, Any]:
    (case,) = [c for c in lite_run["result"]["cases"] if c["id"] == f"{script}/{book}"]
    return case


def _ribbon(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, payload: dict[str, Any], script: str,
            fields: list[str]) -> list[dict[str, Any]]:
    """The same button on CPython: xlpuzzel.excel.dispatch on a remote-engine book, the same form values."""
    import xlwings as xw
    from xlwings.pro import _xlremote

    from xlpuzzel.excel import dispatch

    use_remote_engine(monkeypatch)
    monkeypatch.setenv("XLPUZZEL_LOG", str(tmp_path / "xlpuzzel.log"))
    monkeypatch.setattr("xlpuzzel.excel.werkmap.KLOK", lambda: FIXED)
    # Desktop Excel reads a note's text and place at once; the remote engine's stand-in reads the payload.
    monkeypatch.setattr(_xlremote.Note, "text", property(lambda self: (self._entry or {}).get("text", ""),
                                                         _xlremote.Note.text.fset))
    monkeypatch.setattr(_xlremote.Note, "location", property(lambda self: self.range))
    opties = {field: FORM[field] for field in fields}
    if script in ("brieven", "memo"):
        opties["uit_map"] = tmp_path / "uit"
    book = xw.Book(json=copy.deepcopy(payload))
    dispatch(script, book, **opties)
    return book.json()["actions"]


def test_every_ribbon_button_but_one_has_a_lite_script_calling_the_same_function() -> None:
    """lite/main.py has one @script per ribbon button (named by its id), each one line: dispatch_lite of that id."""
    from xlpuzzel.excel import KNOPPEN

    scripts = _scripts()
    assert set(scripts) == set(KNOPPEN) - NIET_IN_LITE
    source = (LITE_DIR / "main.py").read_text(encoding="utf-8")
    for name in scripts:
        body = inspect.getsource(getattr(_main_module(), name).__wrapped__).split('"""')[-1].strip()
        assert body.startswith(f'await dispatch_lite("{name}", book'), name
        assert body.count("\n") == 0, name
    assert "'Functies importeren' bestaat hier niet" in source


def test_lite_scripts_import_in_pyodide_without_threads_subprocess_or_win32(lite_run: dict[str, Any]) -> None:
    """In Pyodide the scripts import (what Lite registers as buttons); no thread or process is started, no win32com."""
    result = lite_run["result"]
    assert result["platform"] == "emscripten"
    assert sorted(result["scripts"]) == sorted(lite_run["scripts"])
    # threading and subprocess exist in Pyodide and may be imported (the standard library does); none is used.
    assert not {"win32com", "lxml", "highspy"} & set(result["modules"])
    assert result["threads"] == 1
    assert result["processes"] == []


@pytest.mark.parametrize("book", ["shipped", "changed"])
@pytest.mark.parametrize("script", sorted(set(_scripts())))
def test_lite_script_in_pyodide_does_what_the_ribbon_does(
    lite_run: dict[str, Any], script: str, book: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Same actions (findings, flags, notes, log rows, sheets) in Pyodide as the ribbon function on CPython."""
    case = _pyodide_case(lite_run, script, book)
    lite = case["actions"]
    ribbon = _ribbon(monkeypatch, tmp_path, lite_run["books"][book], script, lite_run["scripts"][script])
    if script in ZONDER_BIBLIOTHEEK:
        # Measured: this offline Pyodide has no lxml / numpy / SciPy. The script says so in Dutch, writes nothing.
        assert [a["func"] for a in lite] == ["alert"]
        assert ZONDER_BIBLIOTHEEK[script] in lite[0]["args"][0]
        assert case["files"] == []
        assert ribbon[-1]["func"] == "alert" and "niet geïnstalleerd" not in ribbon[-1]["args"][0]
        return
    if script == "over":  # versions and paths differ by runtime; the message is there
        assert [a["func"] for a in lite] == [a["func"] for a in ribbon] == ["alert"]
        assert "xlpuzzel " in lite[0]["args"][0]
        assert "xlwings Lite (Pyodide in Excel)" in lite[0]["args"][0]
        return
    assert lite == ribbon


def test_letter_and_memo_texts_in_pyodide_equal_the_ribbons(
    lite_run: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documents' texts (every field the Word templates show) computed in Pyodide equal CPython's."""
    import xlwings as xw

    use_remote_engine(monkeypatch)
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from lite_driver import document_texts
    finally:
        sys.path.remove(str(ROOT / "tests"))
    for name, payload in lite_run["books"].items():
        here = document_texts(xw.Book(json=copy.deepcopy(payload)))
        assert lite_run["result"]["contexts"][name] == here, name
        assert len(here["brieven"]) == 12


def test_questions_in_lite_are_answered_by_the_checkbox_or_refused_in_dutch(lite_run: dict[str, Any]) -> None:
    """Without 'ja' Lite cannot ask: 'Basis vastleggen' explains the checkbox and writes nothing."""
    actions = lite_run["result"]["no_answer"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "Zet het vinkje 'ja' boven de knop aan" in actions[0]["args"][0]
    assert actions[0]["args"][0].startswith("Basis vastleggen: de huidige getallen")


def test_document_folder_lock_and_staging_work_in_lites_file_area(lite_run: dict[str, Any]) -> None:
    """xlpuzzel.uitvoer (folder lock, staged commit, register) writes a set into /data twice in Pyodide, no thread."""
    files = lite_run["result"]["uitvoer"]
    assert isinstance(files, list), files
    assert "01-Assen.docx" in files and ".xlpuzzel-uitvoer.json" in files
    assert not [f for f in files if "lock" in f.lower() or f.startswith(".~")]
