"""How fast are `puzzel landelijk` and `puzzel prognose`? Prints figures; asserts nothing.

Cold runs (`python -m xlpuzzel ...`, a fresh process each, median after a warm-up) of
`landelijk` and `prognose` beside `controleer` on the same workbook; target: each at most
`controleer` + 50 ms. Also the work in-process (read package + sheet + core), without the
interpreter's start.

Usage: python benchmarks/bench_landelijk.py [WERKMAP] [--runs N]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_controleer import cold, environments, opstart, warm


def in_process(werkmap: Path, runs: int) -> dict[str, float]:
    """Median seconds of each use case inside this process (imports already paid)."""
    from xlpuzzel.controle import controleer
    from xlpuzzel.reader import read_workbook
    from xlpuzzel.usecases import landelijk_beeld, prognose_beeld
    from xlpuzzel.workbookfile import open_workbook

    def landelijk() -> None:
        with open_workbook(werkmap) as w:
            landelijk_beeld(w)

    def prognose() -> None:
        with open_workbook(werkmap) as w:
            prognose_beeld(w)

    return {name: warm(func, runs) for name, func in (
        ("controleer", lambda: controleer(read_workbook(werkmap).puzzel)), ("landelijk", landelijk),
        ("prognose", prognose))}


def main() -> None:
    """Run the benchmark and print the figures."""
    runs, tmp, werkmap = opstart(__doc__, "landelijk", runs=9)
    py = sys.executable
    print(f"werkmap: {werkmap} ({werkmap.stat().st_size:,} bytes), mediaan van {runs} koude runs")
    for label, env in environments(tmp).items():
        times = {cmd: cold([py, "-m", "xlpuzzel", cmd, str(werkmap)], runs, env)
                 for cmd in ("controleer", "landelijk", "prognose")}
        base = times["controleer"]
        print(f"{label}:")
        print(f"  puzzel controleer                          {base * 1000:8.1f} ms")
        for cmd in ("landelijk", "prognose"):
            extra = (times[cmd] - base) * 1000
            print(f"  puzzel {cmd:<10}                          {times[cmd] * 1000:8.1f} ms"
                  f"   = controleer {extra:+.1f} ms (doel <= +50 ms)")
    print("in het proces (zonder opstarten en imports):")
    for name, seconds in in_process(werkmap, runs).items():
        print(f"  {name:<10}                                 {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
