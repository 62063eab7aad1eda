"""The wheel is self-contained: installed into a fresh venv outside the checkout, every command runs.

One wheel is built per test session (`pip wheel`, offline from the machine's package index
and cache) from a copy of the sources in a temporary folder, so the checkout gets no
`build/` or `.egg-info`. The venv sees this machine's site packages for the dependencies
(openpyxl, docxtpl, ...), but xlpuzzel itself comes from the wheel: the test checks where it
is imported from, and runs every command from a folder that is not the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import tomllib
from conftest import met_testinstellingen_in

from xlpuzzel.resources import FOLDERS, PACKAGED, ROOT


def _packages_in_tree() -> set[str]:
    found = set()
    for top in ("xlpuzzel", "udfs"):
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(".".join(init.parent.relative_to(ROOT).parts))
    return found


def test_pyproject_lists_every_code_package_and_maps_every_shipped_folder() -> None:
    """Every package with an __init__.py is in the wheel, and each folder of resources.py ships as package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    assert _packages_in_tree() <= listed
    mapped = {f"xlpuzzel.{PACKAGED}.{name}": name for name in FOLDERS}
    assert config["package-dir"] == mapped
    assert set(mapped) <= listed and set(mapped) <= set(config["package-data"])


@pytest.fixture(scope="session")
def venv_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel installed (dependencies from this machine's site)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(home)
    python = home / ("Scripts" if os.name == "nt" else "bin") / "python"
    # --ignore-installed: this machine also has xlpuzzel as an editable install of some checkout.
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed",
         "--quiet", str(wheel)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return python


def _run(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["XLPUZZEL_LOG"] = str(cwd / "xlpuzzel.log")
    return subprocess.run([str(python), *args], cwd=cwd, check=False, capture_output=True, text=True, timeout=300, env=env)


def test_wheel_is_pure_python_and_carries_data_templates_vba_and_ribbon(wheel: Path) -> None:
    """One py3-none-any wheel holds every file the tool reads at run time, none of the checkout's other files."""
    assert wheel.name.endswith("-py3-none-any.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in FOLDERS:
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir() if p.suffix != ".py"}
        assert {f"xlpuzzel/{PACKAGED}/{s}" for s in shipped} <= names, folder
    assert not any(n.startswith(("tests/", "benchmarks/", "docs/")) or n.endswith((".xlsm", ".pyc")) for n in names)


def test_installed_wheel_builds_checks_and_writes_letters_outside_the_checkout(
    venv_python: Path, tmp_path: Path
) -> None:
    """From the wheel alone: `puzzel bouw` gives the committed workbook, `controleer` its findings, `brieven` refuses
    until staff fill in the settings no source gives, then writes letters."""
    where = _run(venv_python, tmp_path, "-c", "import xlpuzzel, xlpuzzel.resources as r; print(xlpuzzel.__file__); "
                 "print(r.TEMPLATES_DIR)")
    assert where.returncode == 0, where.stderr
    module, templates = where.stdout.split()
    assert not Path(module).is_relative_to(ROOT) and Path(module).is_relative_to(venv_python.parent.parent)
    assert Path(templates).is_relative_to(venv_python.parent.parent)

    cli = ("-m", "xlpuzzel")
    built = _run(venv_python, tmp_path, *cli, "bouw")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "puzzel.xlsm").read_bytes() == (ROOT / "puzzel.xlsm").read_bytes()

    checked = _run(venv_python, tmp_path, *cli, "controleer", "--json")
    assert checked.returncode == 1, checked.stderr  # the table as printed: fouten
    here = subprocess.run([sys.executable, "-m", "xlpuzzel", "controleer", "--json", str(ROOT / "puzzel.xlsm")],
                          check=False, capture_output=True, text=True, timeout=120)
    assert json.loads(checked.stdout)["bevindingen"] == json.loads(here.stdout)["bevindingen"]

    refused = _run(venv_python, tmp_path, *cli, "brieven", "--ondanks-fouten", "--uit", "uit")
    assert refused.returncode == 2 and "'kenmerk'" in refused.stderr and "'besluit_uiterlijk'" in refused.stderr
    werkmap = tmp_path / "puzzel.xlsm"
    werkmap.write_bytes(met_testinstellingen_in(werkmap.read_bytes()))  # as staff fill them in
    letters = _run(venv_python, tmp_path, *cli, "brieven", "--ondanks-fouten", "--uit", "uit")
    assert letters.returncode == 0, letters.stderr
    docs = sorted((tmp_path / "uit").rglob("*.docx"))
    assert len(docs) == 12
    with zipfile.ZipFile(docs[0]) as z:
        assert "CONCEPT" in z.read("word/document.xml").decode("utf-8")


def test_staff_templates_folder_from_instellingen_falls_back_to_the_packaged_ones(tmp_path: Path) -> None:
    """Setting sjablonen_map names a folder of edited templates; a template not there (or no setting) is the packaged one."""
    from xlpuzzel.brief.render import BRIEF_SJABLOON, MEMO_SJABLOON, sjabloon_map
    from xlpuzzel.resources import TEMPLATES_DIR

    (tmp_path / BRIEF_SJABLOON).write_bytes((TEMPLATES_DIR / BRIEF_SJABLOON).read_bytes())
    instellingen = {"sjablonen_map": str(tmp_path)}
    assert sjabloon_map(instellingen, BRIEF_SJABLOON) == tmp_path
    assert sjabloon_map(instellingen, MEMO_SJABLOON) == TEMPLATES_DIR
    assert sjabloon_map({"sjablonen_map": ""}, BRIEF_SJABLOON) == TEMPLATES_DIR
    assert sjabloon_map({}, BRIEF_SJABLOON, "/elders") == Path("/elders")
