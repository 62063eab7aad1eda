"""Build `puzzel.xlsm` from the text sources in the repo (data file, layout, VBA, ribbon)."""

from xlpuzzel.build.workbook import build_lite_workbook, build_workbook, load_dataset

__all__ = ["build_lite_workbook", "build_workbook", "load_dataset"]
