"""Build `puzzel.xlsm` from the text sources in the repo (data file, layout, VBA, ribbon)."""

from xlpuzzel.build.workbook import build_workbook, build_workbook_file, load_dataset

__all__ = ["build_workbook", "build_workbook_file", "load_dataset"]
