"""Benchmark of `puzzel bijstellingen` (Markeer bijstellingen from the command line).

Run: `python benchmarks/bench_bijstellingen.py [--herhaal 5]`. Prints figures; asserts nothing.
Every figure is a cold process (`python -m xlpuzzel ...`) on a fresh copy of the file, runs
of the compared commands interleaved; median and fastest of the repetitions:
- the shipped workbook (12 gemeenten) with 3 changed cells, next to `puzzel controleer` on
  the same file (target: markeer <= 1.5x controleer), and a rerun with nothing new;
- a synthetic workbook of 342 gemeenten (target < 2 s) with 30 changed cells, with every
  tenth input cell changed (about 450 flags and notes), and the rerun.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T1 = "2026-11-27T14:03:05"


def synthetic_dataset(n: int):
    """A dataset of n invented gemeenten with typed authority totals (as in tests/test_build.py)."""
    from xlpuzzel.dataset import parse_dataset
    from xlpuzzel.layout import COLUMNS

    rows = [";".join(["gemeente", *(c.id for c in COLUMNS[1:])])]
    for i in range(n):
        o, a, m = 100 + i, 50 + i, i % 7
        rows.append(f"Gemeente {i + 1:03d};{10_000 + 97 * i};{o};{a};{m};;{o + 3};{a - 2};{m};;5;-5;;{o + 8};{a - 7};{m}")
    rows.append(f"Totaal;{sum(10_000 + 97 * i for i in range(n))};{n * 120};{n * 60};{n * 3};;;;;;;;;;;")
    rows.append("Totaal landelijke opgave;;120.000;96.000;;;;;;;;;;;;")
    return parse_dataset("\n".join(rows) + "\n", '{"peildatum": "2024-07-12"}', source=f"synthetisch-{n}")


def with_changes(source: bytes, cells: dict[str, object]) -> bytes:
    """The workbook with values typed into cells of sheet Puzzel (XML edited, format kept)."""
    from xlpuzzel.package import Package
    from xlpuzzel.patch.cells import SheetXml
    from xlpuzzel.reader.ooxml import Book

    pkg = Package.from_bytes(source)
    name = Book(pkg).sheet_targets["Puzzel"]
    sheet = SheetXml(pkg.read(name))
    for address, value in cells.items():
        sheet.set_value(address, value)
    pkg.write(name, sheet.to_bytes())
    return pkg.to_bytes()


def cold(runs: list[tuple[list[str], bytes]], repeat: int) -> list[tuple[float, float, bytes]]:
    """Cold `python -m xlpuzzel ...` runs, interleaved so load on the machine hits each alike.

    Per run: (median seconds, fastest seconds, the file after one run); each on a fresh copy.
    """
    times: list[list[float]] = [[] for _ in runs]
    after = [source for _args, source in runs]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "puzzel.xlsm"
        for _ in range(repeat):
            for k, (args, source) in enumerate(runs):
                path.write_bytes(source)
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "xlpuzzel", *args[:1], str(path), *args[1:]],
                               check=False, capture_output=True, cwd=ROOT)
                times[k].append(time.perf_counter() - start)
                after[k] = path.read_bytes()
                for extra in Path(tmp).iterdir():
                    if extra != path:
                        extra.unlink() if extra.is_file() else shutil.rmtree(extra)
    return [(statistics.median(ts), min(ts), a) for ts, a in zip(times, after)]


def input_cells(n: int, every: int) -> dict[str, object]:
    from xlpuzzel.layout import INPUT_COLUMNS, PuzzelLayout

    layout = PuzzelLayout(n)
    cells = [layout.cell(c.id, layout.gemeente_row(i)) for i in range(n) for c in INPUT_COLUMNS]
    return {cell: 7_777 for k, cell in enumerate(cells) if k % every == 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--herhaal", type=int, default=5, help="repetitions per figure")
    args = parser.parse_args()
    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    markeer = ["bijstellingen", "--gebruiker", "bench", "--tijdstip", T1]
    shipped = with_changes(build_workbook(load_dataset(DEFAULT_DATA)), {"H7": 0, "I5": "ntb", "M8": -25})
    (_m, _f, flagged), = cold([(markeer, shipped)], 1)
    (c, c_min, _), (m, m_min, _), (r, r_min, _) = cold(
        [(["controleer"], shipped), (markeer, shipped), (markeer, flagged)], args.herhaal
    )
    print(f"12 gemeenten, {args.herhaal}x koud proces afgewisseld, mediaan (snelste):")
    print(f"  puzzel controleer                 {c:6.3f} s ({c_min:.3f})")
    print(f"  puzzel bijstellingen (3 cellen)   {m:6.3f} s ({m_min:.3f})  = {m / c:.2f}x controleer "
          f"({m_min / c_min:.2f}x)")
    print(f"  opnieuw, niets nieuws             {r:6.3f} s ({r_min:.3f})  = {r / c:.2f}x controleer "
          f"({r_min / c_min:.2f}x)")

    n = 342
    start = time.perf_counter()
    big = build_workbook(synthetic_dataset(n))
    print(f"{n} gemeenten (werkmap gebouwd in {time.perf_counter() - start:.1f} s, {len(big) // 1024} KB):")
    few, many = input_cells(n, len(input_cells(n, 1)) // 30), input_cells(n, 10)
    sources = [with_changes(big, few), with_changes(big, many)]
    flagged_big = [a for _m, _f, a in cold([(markeer, s) for s in sources], 1)]
    results = cold([(["controleer"], big)] + [(markeer, s) for s in sources] + [(markeer, f) for f in flagged_big],
                   args.herhaal)
    (c, c_min, _), few_run, many_run, few_again, many_again = results
    print(f"  puzzel controleer                 {c:6.3f} s ({c_min:.3f})")
    for label, (t, t_min, _), (a, a_min, _) in ((f"{len(few)} cellen", few_run, few_again),
                                                  (f"{len(many)} cellen", many_run, many_again)):
        print(f"  puzzel bijstellingen ({label:>10}) {t:6.3f} s ({t_min:.3f}); "
              f"opnieuw, niets nieuws {a:6.3f} s ({a_min:.3f})")

if __name__ == "__main__":
    main()
