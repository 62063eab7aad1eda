"""The one base class for failures a user must read: the message is Dutch and names the cell or file."""

from __future__ import annotations


class PuzzelError(Exception):
    """A failure with a Dutch message for the user; `cel` names the cell when there is one."""

    def __init__(self, melding: str, cel: str | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.cel = cel


class UnusableWorkbook(PuzzelError):
    """The file is no usable puzzel workbook (missing, not a workbook, protected, no Puzzel sheet, ...)."""
