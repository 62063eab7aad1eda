"""xlwings Lite: how long Pyodide takes to start, to import the Lite scripts, and each click, beside CPython.

Builds the wheel, starts Pyodide (tests/node, the version Lite names) once and runs every script
of lite/main.py on the shipped workbook, as tests/test_lite.py does; prints milliseconds and the
ratio to the same import on CPython. Run: `python benchmarks/bench_lite.py` (needs npm ci --prefix tests/node).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.remote_payload import payload_from_workbook
from tests.test_lite import pyodide_ontbreekt, run_in_pyodide

sys.path.insert(0, str(ROOT / "tests"))
from conftest import met_testinstellingen_in


def cpython_import_ms() -> float:
    """A cold `import xlwings, xlpuzzel.excel` in a fresh CPython (what lite/main.py imports)."""
    code = "import time; t=time.perf_counter(); import xlwings, xlpuzzel.excel; print(1000*(time.perf_counter()-t))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return float(done.stdout)


def main() -> None:
    if pyodide_ontbreekt():
        sys.exit("Pyodide ontbreekt: npm ci --prefix tests/node")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp, str(ROOT)],
                       check=True, capture_output=True)
        (wheel,) = tmp_path.glob("xlpuzzel-*.whl")
        host = tmp_path / "host"
        host.mkdir()
        # The letter settings staff fill in (kenmerk, dates) are empty in the shipped workbook: made-up ones here.
        books = {"shipped": payload_from_workbook(met_testinstellingen_in((ROOT / "puzzel.xlsm").read_bytes()))}
        started = time.perf_counter()
        result = run_in_pyodide(wheel, host, books)
        total = 1000 * (time.perf_counter() - started)
    cpython = min(cpython_import_ms() for _ in range(3))
    print(f"Pyodide {result['python']} ({result['platform']})")
    print(f"  Pyodide start (loadPyodide)        {result['pyodide_start_ms']:8.0f} ms")
    print(f"  import lite/main.py (cold)         {result['import_ms']:8.0f} ms   "
          f"CPython cold import: {cpython:.0f} ms  ratio {result['import_ms'] / cpython:.1f}x")
    for case in result["cases"]:
        print(f"  click {case['id']:<32} {case['ms']:8.0f} ms")
    print(f"  whole run incl. wheel downloads    {total:8.0f} ms")


if __name__ == "__main__":
    main()
