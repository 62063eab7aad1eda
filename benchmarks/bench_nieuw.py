"""How fast is `puzzel nieuw` for 342 gemeenten (every gemeente of the Netherlands)? Prints figures; asserts nothing.

Cold runs (`python -m xlpuzzel nieuw ...`, a fresh process each, the target removed before
each run, median after a warm-up) for 12, 51 and 342 synthetic gemeenten; target: 342
gemeenten in at most 2 s. Also `puzzel nieuwe-ronde` from the 342-gemeenten workbook, and
where the time goes inside one process (parse file, build, write).

Usage: python benchmarks/bench_nieuw.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_controleer import environments

#: The task options, so that any number of gemeenten works without the LRT row of a province.
OPTIES = ["--opgave-oek", "120000", "--opgave-asiel", "87860", "--opgave-amv", "8140"]
DOEL_S = 2.0


def gemeentenbestand(folder: Path, n: int) -> Path:
    """A synthetic file as staff would make it: `;`, BOM, Dutch thousands, asiel and AMV per gemeente."""
    from xlpuzzel.apportionment import apportion

    inwoners = [5_000 + (i * 7_919) % 250_000 for i in range(n)]
    asiel, amv = apportion(87_860, inwoners), apportion(8_140, inwoners)
    regels = ["Gemeente;Inwoners;Opgave asiel;Opgave AMV"]
    regels += [f"Gemeente {i + 1:03d};{inwoners[i]:,};{asiel[i]};{amv[i]}".replace(",", ".") for i in range(n)]
    path = folder / f"gemeenten-{n}.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(regels).encode("utf-8"))
    return path


def cold(cmd: list[str], target: Path, runs: int, env: dict[str, str]) -> float:
    """Median wall time of a fresh process that writes `target` (removed before each run), after a warm-up."""
    times = []
    for i in range(runs + 1):
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} gaf afsluitcode {result.returncode}: {result.stderr.strip()}")
        if i:
            times.append(elapsed)
    return statistics.median(times)


def stappen(bestand: Path, folder: Path) -> dict[str, float]:
    """Seconds of each step inside this process (imports paid before): parse, decide, build, write."""
    import datetime as dt

    from xlpuzzel.build import build_workbook
    from xlpuzzel.build.instellingen_sheet import DESCRIPTIONS
    from xlpuzzel.build.landelijk_bronnen import load_lrt
    from xlpuzzel.layout import Category
    from xlpuzzel.nieuw.lezen import lees_gemeentebestand
    from xlpuzzel.nieuw.maken import landelijke_opgaven, schrijf_werkmap
    from xlpuzzel.nieuw.opgaven import provinciale_opgaven
    from xlpuzzel.nieuw.provincie import nieuwe_puzzel

    out: dict[str, float] = {}
    start = time.perf_counter()
    parsed = lees_gemeentebestand(bestand)
    out["gemeentenbestand lezen"] = time.perf_counter() - start
    start = time.perf_counter()
    lrt = load_lrt()
    opgaven = provinciale_opgaven({Category.OEK: 120_000, Category.ASIEL: 87_860, Category.AMV: 8_140}, parsed)
    dataset = nieuwe_puzzel("Nederland", parsed, opgaven, datum=dt.date(2026, 12, 1), landelijk=landelijke_opgaven(lrt),
                            sleutels=tuple(DESCRIPTIONS))
    out["opgaven en verdeling"] = time.perf_counter() - start
    start = time.perf_counter()
    data = build_workbook(dataset)
    out["werkmap bouwen"] = time.perf_counter() - start
    target = folder / "stappen.xlsm"
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    schrijf_werkmap(target, data, overschrijf=False, opdracht="nieuw")
    out["schrijven"] = time.perf_counter() - start
    return out


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(3, args.runs)
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench-nieuw-"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    print(f"mediaan van {runs} koude runs (elk een nieuw proces), doel: 342 gemeenten <= {DOEL_S:.1f} s")
    for label, base_env in environments(tmp).items():
        base_env = {**base_env, "PYTHONPATH": env["PYTHONPATH"]}
        print(f"{label}:")
        for n in (12, 51, 342):
            bestand = gemeentenbestand(tmp, n)
            target = tmp / f"puzzel-{n}.xlsm"
            cmd = [py, "-m", "xlpuzzel", "nieuw", "--provincie", "Nederland", "--gemeenten", str(bestand),
                   "--uit", str(target), *OPTIES]
            seconds = cold(cmd, target, runs, base_env)
            ratio = f"   = {seconds / DOEL_S:.2f} x het doel" if n == 342 else ""
            print(f"  puzzel nieuw, {n:>3} gemeenten      {seconds * 1000:8.0f} ms{ratio}")
        ronde = tmp / "ronde-342.xlsm"
        cmd = [py, "-m", "xlpuzzel", "nieuwe-ronde", str(tmp / "puzzel-342.xlsm"), "--uit", str(ronde),
               "--gebruiker", "bench"]
        print(f"  puzzel nieuwe-ronde, 342 gemeenten {cold(cmd, ronde, runs, base_env) * 1000:8.0f} ms")
    print("in het proces, 342 gemeenten (imports al betaald):")
    stappen(gemeentenbestand(tmp, 342), tmp)  # warm-up: imports
    for naam, seconds in stappen(gemeentenbestand(tmp, 342), tmp).items():
        print(f"  {naam:<26} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
