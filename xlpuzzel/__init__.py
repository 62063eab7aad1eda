"""xlpuzzel: the toolkit behind puzzel.xlsm (De Drentse Puzzel).

Public API of the domain core (pure, no I/O):
- :mod:`xlpuzzel.layout` — sheet names, columns, rows and defined names, declared once.
- :mod:`xlpuzzel.entry` — what staff type in a cell and what it means.
- :mod:`xlpuzzel.model` — :class:`Puzzel`, the table as data.
- :mod:`xlpuzzel.calculation` — row sums, totals, percentages, the national row.
- :mod:`xlpuzzel.apportionment` — largest-remainder apportionment.
- :mod:`xlpuzzel.dataset` — the data file (CSV + JSON) parsed into a Puzzel.
Shells: :mod:`xlpuzzel.build` (writes the workbook), :mod:`xlpuzzel.package` (file I/O),
:mod:`xlpuzzel.cli` (command line `puzzel`).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
