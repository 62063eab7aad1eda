"""Microsoft's Open XML SDK validator (npm `@ooxml-tools/validate`, WebAssembly) for the tests.

`.ci/run` installs it into `tests/node/` with `npm ci`; without Node or that folder the tests
that validate are skipped. Validate several files in one call: the WebAssembly runtime takes
about a second to start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPT = NODE_DIR / "validate.mjs"


def available() -> bool:
    """True when Node and the installed validator package are present."""
    return shutil.which("node") is not None and (NODE_DIR / "node_modules" / "@ooxml-tools" / "validate").is_dir()


def tolerated(finding: dict) -> bool:
    """openpyxl writes a font's children as name, family, color, sz: out of schema order, accepted by Excel."""
    return (
        finding.get("path", {}).get("partUri") == "/xl/styles.xml"
        and finding.get("id") == "Sch_UnexpectedElementContentExpectingComplex"
        and "/x:fonts[1]/x:font[" in finding.get("path", {}).get("xpath", "")
    )


def validate(paths: Iterable[str | os.PathLike[str]]) -> dict[str, list[dict]]:
    """File -> the validator's findings (description, path.xpath, path.partUri, id); skips when unavailable."""
    files = [str(Path(p)) for p in paths]
    if not available():
        pytest.skip("Open XML SDK-validator ontbreekt (npm ci --prefix tests/node)")
    result = subprocess.run(
        ["node", str(SCRIPT), *files], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def errors(paths: Iterable[str | os.PathLike[str]]) -> dict[str, list[str]]:
    """File -> readable findings that are not tolerated; empty lists when every file is valid."""
    return {
        path: [f"{f['path']['partUri']} {f['path']['xpath']}: {f['description']}" for f in found if not tolerated(f)]
        for path, found in validate(paths).items()
    }


def assert_valid(*paths: str | os.PathLike[str]) -> None:
    """Fail with every finding when any file does not validate (openpyxl's font order tolerated)."""
    found = {path: errs for path, errs in errors(paths).items() if errs}
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
