"""The national picture (LRT dashboard) and the statushouders prognosis: sheets Landelijk and Prognose.

Pure core, by noun: `layout` (sheets, columns, rows, defined names, card colours), `lrt`
(the LRT data file: the table as printed and the cards' facts), `bronnen` (what a
province's data file adds), `blad` (cells read per defined name -> the sheets as data),
`kaarten` (the indicatief-schema cards as Excel computes them), `prognose` (backlog model,
art. 28), `formules` (the sheets' Excel formulas), `controle` (findings), `beeld` (the use
cases and their reports), `memo` (what the memo says about them). Both adapters reach the
sheets through :mod:`xlpuzzel.usecases.landelijk` (one reader for the check, the commands,
the ribbon and the memo).
"""
