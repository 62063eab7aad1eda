"""Runs inside Pyodide (tests/node/pyodide_run.mjs): the xlwings Lite scripts of lite/main.py on remote-engine books.

Each case is a button, a payload (as tests/remote_payload.py makes it from a workbook) and the
values of the script's form fields; the script is called the way xlwings Lite calls it
(`custom_scripts_call` with the book injected). What the script did is written back as JSON:
the recorded actions, the files it wrote under /data, and the timings. Office.js's answer to a
note's text (Lite reads it asynchronously) comes from the text the test put in the payload.
"""

import datetime as dt
import json
import os
import sys
import time

#: The clock of the click, fixed so the log rows can be compared with the CPython run.
FIXED = dt.datetime(2026, 11, 27, 14, 30)


async def main() -> None:
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # the remote engine, as in the CPython tests
    os.environ["XLWINGS_ON_SERVER"] = "true"  # xlwings' `script` of Lite and Server (xlwings.server)
    os.makedirs("/data", exist_ok=True)  # Lite's file area (menu > Files > Import/Export)
    with open("/host/job.json", encoding="utf-8") as fh:  # noqa: ASYNC230 - before any script runs
        job = json.load(fh)
    sys.path.insert(0, "/host/lite")

    import subprocess

    popen: list[object] = []

    def no_process(self, *args, **kwargs):  # Pyodide cannot start one: count every attempt
        popen.append(args[0] if args else kwargs.get("args"))
        raise OSError("no processes in Pyodide")

    subprocess.Popen.__init__ = no_process
    started = time.perf_counter()
    import main as lite_main  # lite/main.py: imports xlwings and xlpuzzel.excel, as in Lite
    import_ms = 1000 * (time.perf_counter() - started)

    import xlwings as xw
    from xlwings.pro import _xlremote
    from xlwings.pro.udfs_officejs import custom_scripts_call, custom_scripts_meta

    import xlpuzzel.excel.werkmap

    xlpuzzel.excel.werkmap.KLOK = lambda: FIXED

    async def note_from_payload(book, func, *args):
        if func != "getNoteText":
            raise NotImplementedError(func)
        sheet_name, address = args
        for sheet in book.api["sheets"]:
            if sheet["name"] == sheet_name:
                for note in sheet.get("notes", []):
                    if note["address"].replace("$", "") == address.replace("$", ""):
                        return note.get("text", "")
        return None

    _xlremote.client_read = note_from_payload

    out = {
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "pyodide_start_ms": PYODIDE_START_MS,  # noqa: F821 - set by the runner
        "import_ms": import_ms,
        "scripts": [m["function_name"] for m in custom_scripts_meta(lite_main)],
        "modules": sorted(m for m in ("threading", "_thread", "subprocess", "win32com", "lxml", "docxtpl", "highspy")
                          if m in sys.modules),
        "cases": [],
    }
    for case in job["cases"]:
        book = xw.Book(json=case["payload"])
        before = set(_files("/data"))
        started = time.perf_counter()
        await custom_scripts_call(lite_main, case["script"], typehint_to_value={xw.Book: book}, args=case["args"])
        ms = 1000 * (time.perf_counter() - started)
        after = _files("/data")
        out["cases"].append({
            "id": case["id"], "ms": ms, "actions": book.json()["actions"],
            "files": sorted(set(after) - before),
        })
    # The texts of the documents, computed in Pyodide (rendering them needs lxml, not loadable here).
    out["contexts"] = {}
    for name, payload in job["books"].items():
        out["contexts"][name] = document_texts(xw.Book(json=payload))
    # 'Basis vastleggen' without the checkbox: Lite cannot ask during the click.
    book = xw.Book(json=job["books"]["shipped"])
    await custom_scripts_call(lite_main, "leg_basis_vast", typehint_to_value={xw.Book: book}, args=["jjansen", False])
    out["no_answer"] = book.json()["actions"]
    # The document set's folder lock, staging and signal handling (xlpuzzel.uitvoer) in Lite's /data:
    # what 'Brieven maken' does after rendering, here with bytes instead of Word files.
    from pathlib import Path

    from xlpuzzel.uitvoer import UitvoerMap

    try:
        for run in (1, 2):
            with UitvoerMap(Path("/data/Brieven/proef")) as uit:
                uit.schrijf("01-Assen.docx", f"brief {run}".encode(), "brieven")
                uit.vastleggen()
        out["uitvoer"] = sorted(_files("/data/Brieven/proef"))
    except Exception as exc:  # noqa: BLE001 - the test shows what failed
        out["uitvoer"] = repr(exc)
    out["threads"] = __import__("threading").active_count()
    out["processes"] = popen
    with open("/host/result.json", "w", encoding="utf-8") as fh:  # noqa: ASYNC230 - after the last script
        json.dump(out, fh, default=str)


def _files(root: str) -> list[str]:
    return [os.path.relpath(os.path.join(d, f), root) for d, _dirs, files in os.walk(root) for f in files]


def document_texts(book):
    """What the letters and the memo say (the templates' contexts), as JSON, from the live workbook."""
    from xlpuzzel.brief import brieven_contexten, memo_context
    from xlpuzzel.excel.werkmap import LiveWerkmap
    from xlpuzzel.usecases import documentgegevens

    g = documentgegevens(LiveWerkmap(book))
    return json.loads(json.dumps({
        "brieven": brieven_contexten(g.puzzel, g.instellingen, None, True, g.adressen),
        "memo": memo_context(g.puzzel, g.instellingen, True, g.adressen),
    }, default=str))
