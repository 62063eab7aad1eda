"""Hostile sizes: how long and how much memory a command takes on a workbook built to hurt. Prints; asserts nothing.

Targets (issue 8): every command handles the workbook or refuses it with a Dutch message in
under 3 s and under 500 MB peak memory.

- `leeg-3gb`: the shipped workbook (a few KB) plus an unreferenced member `xl/media/leeg.bin`
  that unpacks to 3 GB of zeros (the file is about 3 MB);
- `miljoen-rijen`: sheet Puzzel with 1,000,000 formatted empty rows below the table (each
  row styled, with three styled empty cells), as an Excel user makes by formatting whole
  rows; about 130 MB of sheet XML in a file of a few MB.

Each command runs in a fresh process (`python -m xlpuzzel`-like, through `xlpuzzel.cli.main`)
on a fresh copy; the figures are wall time, exit code and the process's peak resident memory.

Usage: python benchmarks/bench_hostile.py [--rijen N] [--gb N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

# Peak memory from /proc (VmHWM: this process only; ru_maxrss would include the parent's size at fork).
RUN = """
import json, re, sys, time
start = time.perf_counter()
from xlpuzzel.cli import main
code = main(sys.argv[1:])
wall = time.perf_counter() - start
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(json.dumps({"code": code, "s": wall, "mb": peak}), file=sys.stderr)
"""


def with_zero_member(source: bytes, gigabytes: float) -> bytes:
    """The workbook with one more member that unpacks to `gigabytes` GB of zeros (streamed, never in memory)."""
    import struct

    from xlpuzzel.package import Package

    size = int(gigabytes * 1024**3)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(16 * 1024 * 1024)
    raw = bytearray()
    crc = 0
    left = size
    while left:
        piece = chunk[: min(left, len(chunk))]
        raw += compressor.compress(piece)
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    raw += compressor.flush()
    base = Package.from_bytes(source).to_bytes()
    # Append a member by hand: local header + data, then rewrite the central directory with it added.
    end = base.rfind(b"PK\005\006")
    cd_size, cd_start = struct.unpack("<LL", base[end + 12 : end + 20])
    entries = struct.unpack("<H", base[end + 10 : end + 12])[0]
    name = b"xl/media/leeg.bin"
    local = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, 0, 8, 0, 33, crc & 0xFFFFFFFF, len(raw), size,
                        len(name), 0) + name
    offset = cd_start
    central = struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, 0, 8, 0, 33, crc & 0xFFFFFFFF, len(raw),
                          size, len(name), 0, 0, 0, 0, 0o600 << 16, offset) + name
    body = base[:cd_start] + local + bytes(raw)
    new_cd_start = len(body)
    cd = base[cd_start : cd_start + cd_size] + central
    tail = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, entries + 1, entries + 1, len(cd), new_cd_start, 0)
    return body + cd + tail


def with_formatted_rows(source: bytes, rows: int) -> bytes:
    """Sheet Puzzel with `rows` formatted empty rows appended below everything."""
    from xlpuzzel.package import Package
    from xlpuzzel.reader.ooxml import Book

    pkg = Package.from_bytes(source)
    part = Book(pkg).sheet_targets["Puzzel"]
    xml = pkg.read(part)
    start = 100
    extra = b"".join(
        b'<row r="%d" spans="1:16" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="1"/><c r="C%d" s="1"/></row>'
        % (r, r, r, r)
        for r in range(start, start + rows)
    )
    xml = xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    pkg.write(part, xml)
    return pkg.to_bytes()


def measure(path: Path, args: list[str]) -> dict[str, float]:
    """One command in a fresh process on a fresh copy of `path`: exit code, seconds, peak MB, first line said."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        done = subprocess.run([sys.executable, "-c", RUN, args[0], str(copy), *args[1:]], capture_output=True,
                              text=True, cwd=tmp, check=False)
        lines = done.stderr.strip().splitlines()
        figures = json.loads(lines[-1])
        said = (lines[0] if len(lines) > 1 else done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "")
        figures["said"] = said[:150]
        return figures


def main() -> None:
    """Build the two workbooks and print the figures per command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=1_000_000)
    parser.add_argument("--gb", type=float, default=3.0)
    args = parser.parse_args()
    from dataclasses import replace

    from conftest import met_testinstellingen

    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    dataset = load_dataset(DEFAULT_DATA)
    # With the letter settings staff fill in (made-up test values), so `brieven` really renders.
    shipped = build_workbook(replace(dataset, meta=met_testinstellingen(dataset.meta)))
    commands = [["controleer"], ["bijstellingen", "--gebruiker", "bench"], ["basis", "--ja", "--gebruiker", "bench"],
                ["log", "--woo"], ["brieven", "--ondanks-fouten"]]
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            f"leeg-{args.gb:g}gb": with_zero_member(shipped, args.gb),
            "miljoen-rijen" if args.rijen == 1_000_000 else f"{args.rijen}-rijen": with_formatted_rows(shipped, args.rijen),
        }
        for label, data in cases.items():
            path = Path(tmp) / "puzzel.xlsm"
            path.write_bytes(data)
            print(f"{label}: bestand {len(data) / 1024**2:.1f} MB (doel: < 3 s en < 500 MB per opdracht)")
            for command in commands:
                f = measure(path, command)
                print(f"  puzzel {' '.join(command):<38} exit {f['code']}  {f['s']:5.2f} s  {f['mb']:6.0f} MB  {f['said']}")


if __name__ == "__main__":
    main()
