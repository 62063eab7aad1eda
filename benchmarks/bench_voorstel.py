"""How fast is `puzzel voorstel`, beside `puzzel controleer`? Prints figures; asserts nothing.

- the cold import of the two maintained ways to reach HiGHS: `highspy` (chosen) and
  `scipy.optimize.milp`, each minus a bare interpreter;
- cold `python -m xlpuzzel voorstel puzzel.xlsm` (12 gemeenten, target: <= 0,5 s including
  imports) beside cold `python -m xlpuzzel controleer puzzel.xlsm`;
- a synthetic national puzzel of 342 gemeenten (benchmarks/bench_controleer.py): the
  proposal in-process and cold (target: <= 5 s), beside `puzzel controleer` on it.

Usage: python benchmarks/bench_voorstel.py [WERKMAP] [--runs N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_controleer import cold, environments, opstart, synthetic_dataset


def main() -> None:
    """Run the benchmark and print the figures."""
    runs, tmp, werkmap = opstart(__doc__, "voorstel")
    py = sys.executable

    from xlpuzzel.build import build_workbook
    env = environments(tmp)["met bytecode-cache (zoals bij gebruikers)"]
    print(f"werkmap: {werkmap}, mediaan van {runs} koude runs (met bytecode-cache, zoals bij gebruikers)")

    bare = cold([py, "-c", "pass"], runs, env)
    highspy = cold([py, "-c", "import highspy"], runs, env) - bare
    try:
        import scipy  # noqa: F401

        scipy_milp = cold([py, "-c", "from scipy.optimize import milp"], runs, env) - bare
        scipy_text = f"{scipy_milp * 1000:8.1f} ms"
    except ImportError:
        scipy_milp, scipy_text = None, "  (niet geïnstalleerd)"
    print("koude import van de rekenmachine (min kale interpreter):")
    print(f"  import highspy                             {highspy * 1000:8.1f} ms   (gekozen)")
    print(f"  from scipy.optimize import milp            {scipy_text}"
          + (f"   = {scipy_milp / highspy:.1f}x highspy" if scipy_milp else ""))

    check = cold([py, "-m", "xlpuzzel", "controleer", str(werkmap)], runs, env)
    voorstel = cold([py, "-m", "xlpuzzel", "voorstel", str(werkmap)], runs, env)
    print("12 gemeenten (koud, python -m xlpuzzel, alles inbegrepen):")
    print(f"  kale interpreter                           {bare * 1000:8.1f} ms")
    print(f"  puzzel controleer                          {check * 1000:8.1f} ms")
    print(f"  puzzel voorstel                            {voorstel * 1000:8.1f} ms   = {voorstel / check:.2f}x controleer"
          "   (doel <= 500 ms)")

    from xlpuzzel.controle import controleer
    from xlpuzzel.reader import read_workbook
    from xlpuzzel.voorstel import invoer_uit_puzzel, stel_voor

    n = 342
    dataset = synthetic_dataset(n)
    big = tmp / f"landelijk-{n}.xlsm"
    big.write_bytes(build_workbook(dataset))
    stel_voor(invoer_uit_puzzel(read_workbook(big).puzzel))  # warm: solver loaded once, as in Excel's UDF server
    times, checks = [], []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        puzzel = read_workbook(big).puzzel
        controleer(puzzel)
        checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = stel_voor(invoer_uit_puzzel(read_workbook(big).puzzel))
        times.append(time.perf_counter() - start)
    big_check = cold([py, "-m", "xlpuzzel", "controleer", str(big)], runs, env)
    big_cold = cold([py, "-m", "xlpuzzel", "voorstel", str(big)], runs, env)
    assert result is not None
    c = result.cijfers
    print(f"synthetische landelijke puzzel: {n} gemeenten")
    print(f"  lezen + controleren in het proces          {statistics.median(checks) * 1000:8.1f} ms")
    print(f"  lezen + voorstel in het proces             {statistics.median(times) * 1000:8.1f} ms"
          f"   = {statistics.median(times) / statistics.median(checks):.1f}x controleer")
    print(f"  puzzel controleer koud                     {big_check * 1000:8.1f} ms")
    print(f"  puzzel voorstel koud                       {big_cold * 1000:8.1f} ms   = {big_cold / big_check:.2f}x"
          " controleer   (doel <= 5 s)")
    print(f"  voorstel: tekort {sum(c.tekort)}, {c.gewijzigde_plaatsen} plaatsen gewijzigd bij "
          f"{c.gemeenten_gewijzigd} gemeenten (werkmap: tekort {sum(result.huidig.tekort)}, "
          f"{result.huidig.gewijzigde_plaatsen} plaatsen)")


if __name__ == "__main__":
    main()
