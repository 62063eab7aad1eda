"""Read a puzzel workbook file (.xlsx/.xlsm) into a :class:`PuzzelWorkbook`, without Excel.

The OOXML parts are parsed directly with the standard library (no openpyxl: `puzzel
controleer` must start fast). Formula cells keep their cached value (what Excel showed when
it last saved) and their formula text; a formula without a cached value reads as blank with
its formula set. Every failure to use the file raises :class:`~xlpuzzel.errors.UnusableWorkbook`
(or its subclass :class:`~xlpuzzel.package.PackageError`) with one Dutch line naming the file.

Modules: `ooxml` (package parts -> sheets, defined names, shared strings, date styles),
`cells` (sheet XML -> :class:`RawCell` by address, shared formulas), `dates` (Excel dates),
`werkmap` (:class:`PuzzelWorkbook`: the puzzel, instellingen and the refusals).
This module states the public API; import from `xlpuzzel.reader`, not from its modules.
"""

from xlpuzzel.reader.cells import RawCell, read_sheet
from xlpuzzel.reader.dates import excel_date
from xlpuzzel.reader.ooxml import sheet_names
from xlpuzzel.reader.werkmap import (
    INSTELLINGEN_NAME,
    PuzzelWorkbook,
    read_workbook,
    read_workbook_parts,
)

__all__ = [
    "INSTELLINGEN_NAME",
    "PuzzelWorkbook",
    "RawCell",
    "excel_date",
    "read_sheet",
    "read_workbook",
    "read_workbook_parts",
    "sheet_names",
]
