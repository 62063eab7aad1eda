"""Small Dutch text helpers shared by the CLI, the ribbon and the documents."""

from __future__ import annotations


def aantal(n: int, een: str, meer: str) -> str:
    """A count with the right Dutch noun form: '1 brief', '3 brieven'."""
    return f"{n} {een if n == 1 else meer}"
