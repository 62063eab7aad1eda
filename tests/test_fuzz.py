"""A seeded mutation fuzz of the workbook: whatever the damage, every command answers in Dutch, never with a traceback.

From the shipped workbook and one with flags and notes (comments, VML), each run damages
one to three parts (attributes changed, elements removed or duplicated, texts replaced,
parts cut short or removed; `styles.xml`, `sharedStrings.xml`, `[Content_Types].xml`,
comments and VML drawings among them) and runs one of `controleer`, `bijstellingen`,
`basis --ja`, `log --woo`, `brieven` in-process through :func:`xlpuzzel.cli.main`.

Every run must end with exit 0, 1 or 2; exit 2 with one Dutch line naming the command (never
the last-resort 'onverwachte fout'); the workbook byte-identical whenever nothing was saved;
no temporary file or lock left behind. `XLPUZZEL_FUZZ_SEED` and `XLPUZZEL_FUZZ_N` pick
another seed or more workbooks; a failure names the seed and the run to reproduce it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import random
from pathlib import Path

import pytest
from conftest import type_value, with_shared_strings
from lxml import etree

from xlpuzzel.cli import main
from xlpuzzel.package import Package, package_bytes, parts_from_bytes

SEED = int(os.environ.get("XLPUZZEL_FUZZ_SEED", "20261127"))
RUNS = int(os.environ.get("XLPUZZEL_FUZZ_N", "1000"))
#: Command and its share of the runs (log --woo and brieven cost most per run).
COMMANDS = (
    (["controleer"], 30),
    (["bijstellingen", "--gebruiker", "fuzz", "--tijdstip", "2026-12-01T10:00:00"], 28),
    (["basis", "--ja", "--gebruiker", "fuzz", "--tijdstip", "2026-12-01T10:00:00"], 20),
    (["log", "--woo"], 8),
    (["brieven"], 14),
)
VALUES = ("", "abc", "-1", "0", "5G", "A0", "1e9", "99999999999", "$", "x" * 300, "1.5", "NaN", "#REF!", "Puzzel!",
          "ZZZ1048577", "-", "ntb", "true", "<", "&amp;", "rId999", "/xl/../../etc", "Basis!$A$1:$A$0")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def flagged_workbook(user_edited: bytes) -> bytes:
    """Staff's own notes, saved by Excel (shared strings), after `bijstellingen` flagged two changes (notes, VML)."""
    import tempfile

    parts = parts_from_bytes(with_shared_strings(user_edited))
    type_value(parts, "H7", 0)
    type_value(parts, "G5", 400)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "puzzel.xlsm"
        path.write_bytes(package_bytes(parts))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", "2026-11-27T14:03:05"]) == 0
        return path.read_bytes()


class Mutator:
    """Damages a workbook's parts the way tools, hands and truncated downloads do."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def target(self, parts: dict[str, bytes]) -> str:
        names = list(parts)
        weights = []
        for n in names:
            w = 1.0
            if n.endswith(("styles.xml", "sharedStrings.xml", "[Content_Types].xml")) or "comments" in n:
                w = 6.0
            elif n.endswith((".vml", ".rels", "workbook.xml")):
                w = 5.0
            elif "worksheets/" in n:
                w = 4.0
            elif n.endswith(".bin"):
                w = 0.2
            weights.append(w)
        return self.rng.choices(names, weights)[0]

    def mutate(self, parts: dict[str, bytes], trees: dict[str, etree._Element]) -> str:
        name = self.target(parts)
        kind = self.rng.choice(("remove-part", "truncate", "drop", "drop", "duplicate", "attribute", "attribute",
                                "attribute", "text", "text"))
        data = parts[name]
        if kind == "remove-part":
            del parts[name]
            return f"{name}: onderdeel weg"
        if kind == "truncate" or name not in trees:
            cut = self.rng.randrange(0, max(1, len(data)))
            parts[name] = data[:cut]
            return f"{name}: afgekapt op {cut}"
        root = copy.deepcopy(trees[name])
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        el = self.rng.choice(elements)
        if kind == "drop" and el is not root:
            el.getparent().remove(el)
            what = f"element {etree.QName(el).localname} weg"
        elif kind == "duplicate" and el is not root:
            el.addnext(copy.deepcopy(el))
            what = f"element {etree.QName(el).localname} dubbel"
        elif kind == "attribute" and el.attrib:
            key = self.rng.choice(list(el.attrib))
            el.set(key, self.rng.choice(VALUES))
            what = f"{etree.QName(el).localname}@{key}={el.get(key)[:20]!r}"
        else:
            el.text = self.rng.choice(VALUES)
            what = f"tekst van {etree.QName(el).localname}={el.text[:20]!r}"
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        trees[name] = root
        return f"{name}: {what}"


def parsed(parts: dict[str, bytes]) -> dict[str, etree._Element]:
    out = {}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels", ".vml")):
            try:
                out[name] = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError:
                continue
    return out


@pytest.fixture(scope="module")
def flagged_bytes(user_edited_bytes: bytes) -> bytes:
    return flagged_workbook(user_edited_bytes)


def test_corpus_has_what_the_fuzz_must_damage(shipped_bytes: bytes, flagged_bytes: bytes) -> None:
    """The sources hold the parts the issue names: styles, content types; shared strings, comments and VML."""
    shipped = parts_from_bytes(shipped_bytes)
    flagged = parts_from_bytes(flagged_bytes)
    for parts in (shipped, flagged):
        assert {"xl/styles.xml", "[Content_Types].xml"} <= set(parts)
    assert "xl/sharedStrings.xml" in flagged
    assert any("comments" in n for n in flagged) and any(n.endswith(".vml") for n in flagged)


def test_no_damage_gives_a_traceback_or_changes_a_refused_workbook(
    tmp_path: Path, shipped_bytes: bytes, flagged_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """≥1,000 damaged workbooks over five commands: exit 0/1/2, a Dutch line, nothing written when refused."""
    monkeypatch.setenv("XLPUZZEL_LOG", str(tmp_path / "log.txt"))
    sources = []
    for data in (shipped_bytes, flagged_bytes):
        parts = parts_from_bytes(data)
        sources.append((data, parts, parsed(parts)))
    rng = random.Random(SEED)
    mutator = Mutator(rng)
    commands = [c for c, _w in COMMANDS]
    weights = [w for _c, w in COMMANDS]
    codes = {0: 0, 1: 0, 2: 0}
    for run in range(RUNS):
        source, base, trees = sources[run % 2]
        parts, trees = dict(base), dict(trees)
        damage = [mutator.mutate(parts, trees) for _ in range(rng.randint(1, 3))]
        pkg = Package.from_bytes(source)  # unchanged parts are copied as stored: cheap
        for name in base:
            if name not in parts:
                pkg.remove(name)
            elif parts[name] is not base[name]:
                pkg.write(name, parts[name])
        command = rng.choices(commands, weights)[0]
        folder = tmp_path / str(run)
        folder.mkdir()
        path = folder / "puzzel.xlsm"
        data = pkg.to_bytes()
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        where = f"seed {SEED}, run {run}: puzzel {' '.join(command)} na {damage}"
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([command[0], str(path), *command[1:]])
        except BaseException as exc:  # noqa: BLE001 - any escape is the failure this test looks for
            pytest.fail(f"{where}: {type(exc).__name__}: {exc}")
        text = out.getvalue() + err.getvalue()
        assert code in (0, 1, 2), f"{where}: exit {code}"
        assert "Traceback" not in text and "onverwachte fout" not in text, f"{where}:\n{text}"
        if code == 2:
            assert err.getvalue().startswith(f"puzzel {command[0]}: ") and err.getvalue().count("\n") == 1, (
                f"{where}:\n{err.getvalue()}"
            )
        if code != 0 or command[0] in ("controleer", "log", "brieven"):
            assert path.read_bytes() == data, f"{where}: werkmap gewijzigd bij exit {code}"
        assert not [p for p in folder.iterdir() if p.name.startswith(".~puzzel")], where
        codes[code] += 1
    assert RUNS < 1000 or min(codes.values()) > 20, codes  # each outcome well exercised


def _drop(part: str):  # type: ignore[no-untyped-def]
    def damage(parts: dict[str, bytes]) -> None:
        del parts[part]

    return damage


def _sub(part_of, pattern: str, replacement: str):  # type: ignore[no-untyped-def]
    import re

    def damage(parts: dict[str, bytes]) -> None:
        name = part_of(parts)
        text, n = re.subn(pattern, replacement, parts[name].decode("utf-8"), count=1)
        assert n, (name, pattern)
        parts[name] = text.encode("utf-8")

    return damage


def _sheet(title: str):  # type: ignore[no-untyped-def]
    from conftest import sheet_part

    return lambda parts: sheet_part(parts, title)


def _comments(parts: dict[str, bytes]) -> str:
    return next(n for n in parts if "comments" in n and n.endswith(".xml"))


#: The damage that gave tracebacks before (issue 8): each now an answer in Dutch.
KNOWN = {
    "styles-weg": _drop("xl/styles.xml"),
    "content-types-weg": _drop("[Content_Types].xml"),
    "shared-strings-weg": _drop("xl/sharedStrings.xml"),
    "cel-s-abc": _sub(_sheet("Puzzel"), r'(<c r="H7"[^>]*?) s="\d+"', r'\1 s="abc"'),
    "numfmtid-leeg": _sub(lambda p: "xl/styles.xml", r'numFmtId="\d+"', 'numFmtId=""'),
    "basis-cel-5G": _sub(_sheet("Basis"), r'<c r="B6"', '<c r="5G"'),
    "notitie-ref-kapot": _sub(_comments, r'ref="[A-Z]+\d+"', 'ref="ZZZ0"'),
    "notitie-auteur-abc": _sub(_comments, r'authorId="\d+"', 'authorId="abc"'),
    "vml-afgekapt": lambda parts: parts.update(
        {n: parts[n][: len(parts[n]) // 2] for n in list(parts) if n.endswith(".vml")}
    ),
}


@pytest.mark.parametrize("damage", sorted(KNOWN))
def test_damage_that_gave_tracebacks_before_gets_a_dutch_answer(damage: str, tmp_path: Path, flagged_bytes: bytes,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each of the five commands on the damaged workbook: exit 0/1/2, a Dutch line on exit 2, nothing written then."""
    monkeypatch.setenv("XLPUZZEL_LOG", str(tmp_path / "log.txt"))
    parts = parts_from_bytes(flagged_bytes)
    type_value(parts, "I5", 5)  # one more change, so the writers have something to write
    KNOWN[damage](parts)
    data = package_bytes(parts)
    for command, _weight in COMMANDS:
        folder = tmp_path / command[0]
        folder.mkdir()
        path = folder / "puzzel.xlsm"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([command[0], str(path), *command[1:]])
        text = out.getvalue() + err.getvalue()
        assert code in (0, 1, 2) and "onverwachte fout" not in text, (command, text)
        if code == 2:
            assert err.getvalue().startswith(f"puzzel {command[0]}: ") and path.read_bytes() == data, text
