"""Largest-remainder (Hamilton) apportionment in exact arithmetic.

Tie rule: when two remainders are equal, the part with the larger weight gets the extra
unit first; with equal weights too, the one listed first. Equal weights therefore get parts
that differ by at most 1, and the result never depends on floating point.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


class ApportionmentError(ValueError):
    """The total or the weights cannot be apportioned; the message is Dutch."""


def quotas(total: int, weights: Sequence[int | Fraction]) -> list[Fraction]:
    """The exact share of `total` for each weight (total * weight / sum of weights)."""
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    if whole == 0:
        raise ApportionmentError("De gewichten tellen op tot 0: er valt niets te verdelen.")
    return [Fraction(total) * Fraction(w) / whole for w in weights]


def apportion(total: int, weights: Sequence[int | Fraction]) -> list[int]:
    """Spread `total` over `weights` so the parts sum to `total` and each is within 1 of its quota."""
    if total < 0:
        raise ApportionmentError(f"Het te verdelen totaal is negatief ({total}).")
    if any(Fraction(w) < 0 for w in weights):
        raise ApportionmentError("Een gewicht is negatief: inwonertallen kunnen niet negatief zijn.")
    if not weights:
        if total == 0:
            return []
        raise ApportionmentError("Er zijn geen gemeenten om over te verdelen.")
    exact = quotas(total, weights)
    parts = [q.numerator // q.denominator for q in exact]
    left = total - sum(parts)
    order = sorted(
        range(len(exact)),
        key=lambda i: (-(exact[i] - parts[i]), -Fraction(weights[i]), i),
    )
    for i in order[:left]:
        parts[i] += 1
    return parts
