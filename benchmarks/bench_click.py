"""What does a ribbon click cost? Prints figures; asserts nothing.

- cold `python -c "import xlwings, xlpuzzel.excel"` beside the floor `python -c "import xlwings"`
  (a click without the UDF server starts a Python that imports xlwings first; target: the
  dispatcher adds <= 150 ms over that floor), and `import xlpuzzel.excel` alone;
- a dispatched 'Controleren' on the shipped workbook, in-process (as with `Use UDF Server`,
  where Python stays loaded between clicks), through xlwings' remote engine: the same
  adapter code as on the desktop, against a snapshot of the workbook; beside it the CLI's
  path (file reader + check) for the same workbook;
- the number of xlwings calls reading the puzzel takes (`lees_puzzel`: per defined name a
  lookup and its reference, then sheet Puzzel as one block), for both sizes, and what the
  names' references would cost by iterating `book.names` instead: on the desktop each call
  is at least one COM round trip into Excel (typically 0.1-1 ms), which the remote engine
  does not measure.

The remote engine (xlwings PRO) runs here under the PolyForm Noncommercial licence key
`noncommercial`, set for this process only.

Usage: python benchmarks/bench_click.py [--runs N] [--gemeenten N]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

from bench_controleer import warm


def cold(codes: dict[str, str], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times in seconds of `python -c code` in fresh processes, interleaved so drift hits all alike."""
    times: dict[str, list[float]] = {key: [] for key in codes}
    for key, code in codes.items():  # warm-up: disk and bytecode cache
        subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=ROOT)
    for _ in range(runs):
        for key, code in codes.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=ROOT)
            times[key].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--gemeenten", type=int, default=51, help="size of the synthetic second workbook")
    args = parser.parse_args()

    import xlwings as xw
    from remote_payload import count_xlwings_calls, payload_from_workbook, synthetic_dataset

    import xlpuzzel.excel as knop
    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.controle import controleer
    from xlpuzzel.excel.werkmap import lees_puzzel
    from xlpuzzel.reader import read_workbook
    from xlpuzzel.resources import DEFAULT_DATA
    from xlpuzzel.sheetdata import REQUIRED_NAMES

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env["XLPUZZEL_LOG"] = str(Path(tmp) / "xlpuzzel.log")
        print(f"Python {sys.version.split()[0]}, xlwings {xw.__version__}, {args.runs} runs, median\n")

        t = cold(
            {"bare": "pass", "floor": "import xlwings", "both": "import xlwings, xlpuzzel.excel",
             "alone": "import xlpuzzel.excel"},
            args.runs, env,
        )
        med = {key: statistics.median(v) * 1000 for key, v in t.items()}
        added = statistics.median(b - f for b, f in zip(t["both"], t["floor"])) * 1000
        print("Cold start of a click (fresh Python, bytecode cached; runs interleaved)")
        print(f"  python -c 'pass'                            {med['bare']:7.0f} ms")
        print(f"  floor: import xlwings                       {med['floor']:7.0f} ms")
        print(f"  import xlwings, xlpuzzel.excel              {med['both']:7.0f} ms")
        print(f"  -> the dispatcher adds (median of pairs)    {added:7.0f} ms   (target <= 150 ms)")
        print(f"  import xlpuzzel.excel alone                 {med['alone']:7.0f} ms   "
              f"({med['alone'] - med['bare']:.0f} ms over bare Python: its own cost, xlwings not loaded)")

        dataset = load_dataset(DEFAULT_DATA)
        sizes = {len(dataset.puzzel.gemeenten): build_workbook(dataset)}
        sizes[args.gemeenten] = build_workbook(synthetic_dataset(dataset, args.gemeenten))
        print("\nA dispatched 'Controleren', Python already running (Use UDF Server)")
        for n, data in sizes.items():
            payload = payload_from_workbook(data)

            def click(payload=payload) -> None:
                knop.dispatch("controleer", xw.Book(json=copy.deepcopy(payload)))

            book = xw.Book(json=copy.deepcopy(payload))
            knop.dispatch("controleer", book)
            actions = len(book.json()["actions"])
            t_click = warm(click, args.runs)
            path = Path(tmp) / f"puzzel-{n}.xlsm"
            path.write_bytes(data)
            t_cli = warm(lambda path=path: controleer(read_workbook(path).puzzel), args.runs)
            print(f"  {n:3d} gemeenten: remote engine {t_click * 1000:6.1f} ms, {actions} write actions; "
                  f"file reader + check {t_cli * 1000:6.1f} ms")

        calls = count_xlwings_calls(setattr)  # from here on this process counts every call
        n_names = len(REQUIRED_NAMES)
        print(f"\nReading the puzzel (lees_puzzel), {n_names} defined names; before: 6 calls per name = "
              f"{6 * n_names} (5 = {5 * n_names} not counting `book.names`, fetched again for each name)")
        for n, data in sizes.items():
            book = xw.Book(json=payload_from_workbook(data))
            calls.clear()
            lees_puzzel(book)
            total = sum(calls.values())
            detail = ", ".join(f"{key} {count}" for key, count in sorted(calls.items()))
            print(f"  {n:3d} gemeenten: {total} xlwings calls ({detail})")
            print(f"      on the desktop ~{total * 0.1:.0f}-{total * 1.0:.0f} ms of COM at 0.1-1 ms a call")

        book = xw.Book(json=payload_from_workbook(sizes[len(dataset.puzzel.gemeenten)]))
        calls.clear()
        names = book.names
        by_lookup = {name: names[name].refers_to for name in REQUIRED_NAMES}
        lookup = sum(calls.values())
        calls.clear()
        wanted = set(REQUIRED_NAMES)
        by_iteration = {}
        for item in book.names:
            name = item.name
            if name in wanted:
                by_iteration[name] = item.refers_to
        iterate = sum(calls.values())
        assert by_iteration == by_lookup  # the same references either way; only the cost differs
        print(f"  the names' references alone: looked up by name {lookup} calls, iterating book.names "
              f"{iterate} calls ({len(book.names)} names in the workbook; on COM xlwings' iteration itself adds "
              "Count plus Item and Name per name)")


if __name__ == "__main__":
    main()
