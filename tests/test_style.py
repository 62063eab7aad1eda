"""The code base stays ruff-clean (the rules in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    """`ruff check .` passes on the whole repository."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is niet geïnstalleerd (pip install -e '.[test]')")
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_on_the_click_path_imports_heavy_packages():
    """Importing the CLI, reader, controle and the Excel dispatcher loads no pandas, openpyxl, docxtpl or solver."""
    code = (
        "import sys, xlpuzzel.cli, xlpuzzel.reader, xlpuzzel.controle, xlpuzzel.excel\n"
        "xlpuzzel.cli.build_parser()\n"
        "print(','.join(m for m in ('pandas', 'openpyxl', 'docxtpl', 'docx', 'jinja2', 'highspy', 'numpy')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
