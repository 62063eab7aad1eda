"""Excel worksheet functions of the puzzel (xlwings UDFs, Windows).

`xlwings.conf` names the module :mod:`udfs.puzzel_udfs` under `UDF Modules`; the ribbon
button "Functies importeren" makes its functions available in the workbook.
"""
