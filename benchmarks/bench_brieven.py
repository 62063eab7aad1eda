"""Benchmark of `puzzel brieven`: 12 letters (.docx), a rerun into the same folder, growth up to 342 letters, the PDF batch.

Run: `python benchmarks/bench_brieven.py [--pdf]`. Prints figures; asserts nothing.
A rerun replaces the document set in its folder under the folder's lock (issue 8); its
cost is printed against a run into an empty folder, in-process and as the CLI command.
The 12 letters come from the table of 12-7-2024 with its errors resolved as staff would
(tests/conftest.py); the larger runs from synthetic puzzels of n gemeenten.
"""

from __future__ import annotations

import argparse
import itertools
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


def synthetic(n: int):
    """A consistent puzzel of n gemeenten (every inbreng = eerste + bijstelling)."""
    from xlpuzzel.model import puzzel_from_values

    columns: dict[str, list[object]] = {k: [] for k in (
        "inwoners", "opgave_oek", "opgave_asiel", "opgave_amv", "opgave_oek_asiel",
        "eerste_oek", "eerste_asiel", "eerste_amv", "eerste_oek_asiel",
        "bijstelling_oek", "bijstelling_asiel", "bijstelling_amv",
        "inbreng_oek", "inbreng_asiel", "inbreng_amv")}
    for i in range(n):
        oek, asiel, amv = 200 + (i * 37) % 900, 100 + (i * 53) % 400, 10 + (i * 7) % 40
        e_oek, e_asiel, e_amv = oek - 50 + (i % 100), asiel + (i % 30) - 15, amv
        b_oek, b_asiel = (20, -20) if i % 3 == 0 else (None, None)
        row = {
            "inwoners": 20_000 + i * 311, "opgave_oek": oek, "opgave_asiel": asiel, "opgave_amv": amv,
            "opgave_oek_asiel": oek + asiel + amv, "eerste_oek": e_oek, "eerste_asiel": e_asiel,
            "eerste_amv": e_amv, "eerste_oek_asiel": e_oek + e_asiel + e_amv,
            "bijstelling_oek": b_oek, "bijstelling_asiel": b_asiel, "bijstelling_amv": None,
            "inbreng_oek": e_oek + (b_oek or 0), "inbreng_asiel": e_asiel + (b_asiel or 0), "inbreng_amv": e_amv,
        }
        for k, v in row.items():
            columns[k].append(v)
    return puzzel_from_values([f"Gemeente {i + 1:03d}" for i in range(n)], columns)


def timed(fn, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF batch (needs LibreOffice)")
    parser.add_argument("--herhaal", type=int, default=5, help="repetitions of the 12-letter run")
    args = parser.parse_args()

    from conftest import adressen_van_test, resolve_as_staff_would

    from xlpuzzel.adressen import Adres, sleutel
    from xlpuzzel.brief import render_brieven as _render
    from xlpuzzel.build import load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    dataset = resolve_as_staff_would(load_dataset(DEFAULT_DATA))
    settings = dataset.instellingen

    def render_brieven(puzzel, settings, out, **kw):
        # Made-up test addresses (tests/conftest.py): the real ones are typed on sheet Adressen.
        adressen = adressen_van_test(dataset) if puzzel is dataset.puzzel else {
            sleutel(g): Adres(g, postadres="Testadres", postcode="9999 XX", plaats="Teststad", rij=i + 3)
            for i, g in enumerate(puzzel.gemeenten)}
        return _render(puzzel, settings, out, adressen=adressen, **kw)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = timed(lambda: render_brieven(dataset.puzzel, settings, out / "koud"))[0]
        warm = timed(lambda: render_brieven(dataset.puzzel, settings, out / "warm"), args.herhaal)
        print(f"12 brieven (.docx), eerste run incl. imports: {cold:.3f} s")
        print(f"12 brieven (.docx), herhaald in dezelfde map: mediaan {statistics.median(warm):.3f} s, "
              f"min {min(warm):.3f} s over {args.herhaal} runs (doel <= 1 s)")
        teller = itertools.count()
        leeg = timed(lambda: render_brieven(dataset.puzzel, settings, out / f"leeg{next(teller)}"), args.herhaal)
        print(f"12 brieven (.docx), telkens in een lege map: mediaan {statistics.median(leeg):.3f} s; "
              f"herhaling / lege map = {statistics.median(warm) / statistics.median(leeg):.2f}")
        cli(out, args.pdf)
        print()
        print(f"{'brieven':>8} {'seconden':>9} {'ms/brief':>9}")
        for n in (12, 51, 114, 228, 342):
            puzzel = synthetic(n)
            t = min(timed(lambda p=puzzel, k=n: render_brieven(p, settings, out / f"n{k}"), 2 if n < 200 else 1))
            print(f"{n:>8} {t:>9.2f} {1000 * t / n:>9.1f}")
        if args.pdf:
            from xlpuzzel.brief.pdf import converter

            if converter() is None:
                print("\nPDF: overgeslagen (geen Word of LibreOffice)")
                return
            print()
            docx = min(warm)
            t = timed(lambda: render_brieven(dataset.puzzel, settings, out / "pdf", pdf=True))[0]
            print(f"12 brieven met PDF ({converter()}, één batch): {t:.2f} s, waarvan PDF ~{t - docx:.2f} s")
            p342 = synthetic(342)
            t342 = timed(lambda: render_brieven(p342, settings, out / "pdf342", pdf=True))[0]
            print(f"342 brieven met PDF (één batch): {t342:.1f} s")


def cli(out: Path, pdf: bool) -> None:
    """`puzzel brieven` as staff run it: a new process, the workbook read, the set replaced; first run and rerun."""
    from conftest import resolve_as_staff_would

    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    werkmap = out / "werkmap.xlsm"
    werkmap.write_bytes(build_workbook(resolve_as_staff_would(load_dataset(DEFAULT_DATA))))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for extra in ([], ["--pdf"]) if pdf else ([],):
        command = [sys.executable, "-m", "xlpuzzel", "brieven", str(werkmap), "--uit", str(out / f"cli{len(extra)}"),
                   *extra]
        times = timed(lambda c=command: subprocess.run(c, env=env, check=True, capture_output=True), 4)
        label = "puzzel brieven" + (" --pdf" if extra else "")
        print(f"{label}: eerste run {times[0]:.2f} s, herhaling in dezelfde map mediaan "
              f"{statistics.median(times[1:]):.2f} s (nieuw proces, werkmap lezen, set vervangen)")


if __name__ == "__main__":
    main()
