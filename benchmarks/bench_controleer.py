"""How fast is `puzzel controleer`? Prints figures; asserts nothing.

- cold `python -m xlpuzzel controleer puzzel.xlsm` beside the floor
  `python -c "import openpyxl; openpyxl.load_workbook('puzzel.xlsm')"` (target: <= 0.6x);
- import time of the core (`xlpuzzel.controle`, `xlpuzzel.reader`; target: <= 50 ms);
- a synthetic national puzzel of 342 gemeenten, read + checked in-process and cold (target: < 1 s).

Usage: python benchmarks/bench_controleer.py [WERKMAP] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environments(tmp: Path) -> dict[str, dict[str, str]]:
    """Process environments: as on a user's PC (bytecode cached, in a private folder so the
    repository stays clean), and as this process's own environment (which may set
    PYTHONDONTWRITEBYTECODE, so xlpuzzel itself is compiled on every start)."""
    cached = dict(os.environ)
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return {"met bytecode-cache (zoals bij gebruikers)": cached, "zoals deze omgeving": dict(os.environ)}


def cold(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time in seconds of a fresh process, after one warm-up run (disk and bytecode cache)."""
    subprocess.run(cmd, capture_output=True, check=False, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def importtime_ms(modules: str, runs: int, env: dict[str, str] | None = None) -> float:
    """Median of `python -X importtime`: cumulative microseconds of the top-level imports, in ms."""
    samples = []
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
            capture_output=True, text=True, check=False, env=env,
        ).stderr
        total = 0
        wanted = {m.strip() for m in modules.split(",")}
        for line in err.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[2].strip() in wanted and not parts[2].startswith("  "):
                total += int(parts[1])
        samples.append(total / 1000)
    return statistics.median(samples)


def synthetic_dataset(n: int, seed: int = 342):
    """A made-up national puzzel: n gemeenten with plausible numbers, totals typed by 'authorities'."""
    from xlpuzzel.dataset import parse_dataset
    from xlpuzzel.layout import COLUMNS

    rng = random.Random(seed)
    header = ";".join(["gemeente", *(c.id for c in COLUMNS[1:])])
    rows = []
    sums = [0] * 3
    inwoners_total = 0
    for i in range(n):
        inwoners = rng.randint(1_000, 900_000)
        inwoners_total += inwoners
        task = [inwoners * 120_000 // 17_800_000, inwoners * 96_000 // 17_800_000, inwoners * 5_000 // 17_800_000]
        sums = [s + t for s, t in zip(sums, task)]
        first = [max(0, t + rng.randint(-50, 50)) for t in task]
        change = [rng.choice([0, 0, rng.randint(-20, 20)]) for _ in task]
        change = [max(c, -f) for c, f in zip(change, first)]
        inbreng = [f + c for f, c in zip(first, change)]
        cells = [f"Gemeente {i + 1:03d}", str(inwoners), *map(str, task), "", *map(str, first), "",
                 *(str(c) if c else "" for c in change), *map(str, inbreng)]
        rows.append(";".join(cells))
    empty = [""] * (len(COLUMNS) - 1)
    totaal = list(empty)
    totaal[0] = str(inwoners_total)
    totaal[1:4] = map(str, sums)
    rows.append(";".join(["Totaal", *totaal]))
    landelijk = list(empty)
    landelijk[1:3] = ["120000", "96000"]
    rows.append(";".join(["Totaal landelijke opgave", *landelijk]))
    return parse_dataset("\n".join([header, *rows]) + "\n", "{}", source=f"synthetisch-{n}")


def warm(func, runs: int) -> float:
    """Median wall time in seconds of calling `func` in this process (first call excluded)."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def werkmap_of(given: str | None, tmp: Path) -> Path:
    """The workbook to measure: the one given, else the shipped puzzel.xlsm, else one built into `tmp`."""
    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.resources import DEFAULT_DATA, DEFAULT_WORKBOOK

    werkmap = Path(given) if given else DEFAULT_WORKBOOK
    if not werkmap.exists():
        werkmap = tmp / "puzzel.xlsm"
        werkmap.write_bytes(build_workbook(load_dataset(DEFAULT_DATA)))
        print(f"(puzzel.xlsm bestaat nog niet: gebouwd in {werkmap})")
    return werkmap


def opstart(doc: str, naam: str, runs: int = 7) -> tuple[int, Path, Path]:
    """The command line every cold benchmark takes ([WERKMAP] [--runs N]): the runs, a temp folder, the workbook."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("werkmap", nargs="?")
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{naam}-"))
    return max(5, args.runs), tmp, werkmap_of(args.werkmap, tmp)


def main() -> None:
    """Run the benchmark and print the figures."""
    runs, tmp, werkmap = opstart(__doc__, "controleer")
    py = sys.executable

    from xlpuzzel.build import build_workbook

    print(f"werkmap: {werkmap} ({werkmap.stat().st_size:,} bytes), mediaan van {runs} koude runs")
    envs = environments(tmp)
    for label, env in envs.items():
        bare = cold([py, "-c", "pass"], runs, env)
        check = cold([py, "-m", "xlpuzzel", "controleer", str(werkmap)], runs, env)
        floor = cold([py, "-c", f"import openpyxl; openpyxl.load_workbook({str(werkmap)!r})"], runs, env)
        core_proc = cold([py, "-c", "import xlpuzzel.controle, xlpuzzel.reader"], runs, env)
        core_imp = importtime_ms("xlpuzzel.controle, xlpuzzel.reader", runs, env)
        print(f"{label}:")
        print(f"  kale interpreter (python -c pass)          {bare * 1000:8.1f} ms")
        print(f"  vloer: openpyxl.load_workbook             {floor * 1000:8.1f} ms")
        print(f"  puzzel controleer (python -m xlpuzzel)    {check * 1000:8.1f} ms"
              f"   = {check / floor:.2f}x vloer (doel <= 0,6x)")
        print(f"  import kern (-X importtime, cumulatief)   {core_imp:8.1f} ms   (doel <= 50 ms)")
        print(f"  import kern (proces min kale interpreter) {(core_proc - bare) * 1000:8.1f} ms")

    from xlpuzzel.controle import controleer
    from xlpuzzel.reader import read_workbook

    n = 342
    dataset = synthetic_dataset(n)
    big = tmp / f"landelijk-{n}.xlsm"
    start = time.perf_counter()
    big.write_bytes(build_workbook(dataset))
    built = time.perf_counter() - start
    times, found = [], ()
    for _ in range(runs):
        start = time.perf_counter()
        found = controleer(read_workbook(big).puzzel)
        times.append(time.perf_counter() - start)
    in_process = statistics.median(times)
    big_cold = cold([py, "-m", "xlpuzzel", "controleer", str(big)], runs, envs["met bytecode-cache (zoals bij gebruikers)"])
    print(f"synthetische landelijke puzzel: {n} gemeenten ({big.stat().st_size:,} bytes, gebouwd in {built:.1f} s)")
    print(f"  lezen + controleren in het proces          {in_process * 1000:8.1f} ms   (doel < 1 s)")
    print(f"  puzzel controleer koud (bytecode-cache)    {big_cold * 1000:8.1f} ms   (doel < 1 s)")
    print(f"  bevindingen: {len(found)} ({', '.join(sorted({b.code for b in found})) or 'geen'})")


if __name__ == "__main__":
    main()
