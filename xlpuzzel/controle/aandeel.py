"""Check on the Oek task as a population share: each gemeente's opgave against its share of
the inhabitants (a warning; the PRT may agree otherwise).
"""

from __future__ import annotations

from xlpuzzel.apportionment import ApportionmentError, apportion, quotas
from xlpuzzel.calculation import total
from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import Check
from xlpuzzel.controle.opmaak import getal
from xlpuzzel.entry import Kind
from xlpuzzel.layout import COLUMN_BY_ID


def aandeel_inwoners(check: Check) -> None:
    """Each opgave Oek is its population share of the task, rounded down or up."""
    p = check.p
    task_entry = p.totaal.get("opgave_oek")
    if task_entry is None:
        return
    task = check.stated(task_entry, lambda: None)
    if task is None or task.denominator != 1 or task <= 0:
        return
    inwoners = [e.amount for e in p.columns["inwoners"]]
    if any(v is None or v < 0 for v in inwoners):
        return
    weights = [v for v in inwoners if v is not None]
    total_inwoners = total(p, "inwoners")
    whole = sum(weights)
    if total_inwoners is None or total_inwoners <= 0 or whole <= 0 or total_inwoners.denominator != 1:
        return
    rest = int(total_inwoners) - whole
    try:
        # The CBS total is the denominator; inhabitants it counts beyond the listed
        # gemeenten take part as one extra weight, so shares and Hamilton agree with it.
        # A CBS total below the gemeenten's own sum is reported as totaal-wijkt-af; the
        # shares then use that sum, so a share and its Hamilton count never contradict.
        extra = [rest] if rest > 0 else []
        shares = quotas(int(task), weights + extra)[: check.n]
        hamilton = apportion(int(task), weights + extra)[: check.n]
    except ApportionmentError:
        return
    denominator = max(int(total_inwoners), whole)
    col = COLUMN_BY_ID["opgave_oek"]
    for i, (share, ham) in enumerate(zip(shares, hamilton)):
        entry = p.entry("opgave_oek", i)
        actual = entry.amount
        if actual is None or entry.kind is not Kind.NUMBER:
            continue
        low = share.numerator // share.denominator
        if actual in (low, -(-share.numerator // share.denominator)):
            continue
        check.add(
            "aandeel-inwoners", entry, check.where_row(i, col), col.id,
            f"de opgave Oek is {getal(actual)} maar het aandeel naar inwoners is {getal(share, 1)} "
            f"({getal(weights[i])} van {getal(denominator)} inwoners, van {getal(task)}); "
            f"verwacht {getal(ham)}.",
            raw_value(entry), ham, gemeente=p.gemeenten[i] or None,
        )
