"""Small Dutch text helpers shared by the CLI, the ribbon and the documents."""

from __future__ import annotations


def aantal(n: int, een: str, meer: str) -> str:
    """A count with the right Dutch noun form: '1 brief', '3 brieven'."""
    return f"{n} {een if n == 1 else meer}"


def cel_tekst(value: object) -> str:
    """A cell's value as text, stripped: '' for empty, 1077.0 as '1077' (Excel hands whole numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
