"""A small, deterministic writer for Compound File Binary files, version 3 ([MS-CFB]).

Only what a `vbaProject.bin` needs: storages and streams, 512-byte sectors, the FAT
listed in the header's DIFAT (up to 109 FAT sectors, about 6.8 MB), a mini FAT and mini
stream for streams under 4,096 bytes. Timestamps, CLSIDs and state bits are zero, so the
same streams always give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["CfbError", "write_compound_file"]

SECTOR = 512  # [MS-CFB] 2.2: version 3 uses 512-byte sectors (sector shift 9)
MINI_SECTOR = 64  # 2.2: mini sector shift 6
MINI_CUTOFF = 4096  # 2.2: streams smaller than this live in the mini stream
ENTRIES_PER_FAT = SECTOR // 4
HEADER_DIFAT = 109  # 2.2: the header holds the first 109 DIFAT entries
DIR_ENTRY = 128  # 2.6.1

# 2.1 sector numbers with a special meaning, and 2.6 the empty stream ID
DIFSECT, FATSECT, ENDOFCHAIN, FREESECT = 0xFFFFFFFC, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF

# 2.6.1 Object Type and Color Flag
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


class CfbError(ValueError):
    """The streams cannot be written as a version-3 compound file by this writer."""


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Return a CFB v3 file holding `streams`, keyed by '/'-separated path ('VBA/dir')."""
    root = _tree(streams)
    entries = _number(root)
    for entry in entries:
        if entry.children:
            _link_children(entry)

    small = [e for e in entries if e.kind == STREAM and 0 < len(e.data) < MINI_CUTOFF]
    big = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]

    # Mini stream: each small stream padded to whole mini sectors, chained in the mini FAT.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    for entry in small:
        entry.start, entry.size = len(mini_fat), len(entry.data)
        count = _ceil(len(entry.data), MINI_SECTOR)
        mini_fat += [len(mini_fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        mini_stream += _pad(entry.data, MINI_SECTOR)

    # Sector layout after the FAT: mini FAT, directory, mini stream, then big streams.
    chains: list[tuple[_Entry | str, bytes]] = []
    if mini_fat:
        chains.append(("minifat", _pack_sectors(mini_fat, FREESECT)))
    directory_placeholder = b"\0" * (_ceil(len(entries), SECTOR // DIR_ENTRY) * SECTOR)
    chains.append(("directory", directory_placeholder))
    if mini_stream:
        chains.append((root, bytes(mini_stream)))
    chains += [(entry, entry.data) for entry in big]

    data_sectors = sum(_ceil(len(data), SECTOR) for _, data in chains)
    fat_sectors = 1
    while fat_sectors * ENTRIES_PER_FAT < data_sectors + fat_sectors:
        fat_sectors += 1
    if fat_sectors > HEADER_DIFAT:
        # DIFAT sectors (2.5) would be needed; a VBA project never gets near this size.
        raise CfbError(f"{fat_sectors} FAT sectors needed, this writer supports {HEADER_DIFAT}")

    fat = [FATSECT] * fat_sectors
    starts: dict[str, int] = {}
    for owner, data in chains:
        count = _ceil(len(data), SECTOR)
        first = len(fat)
        fat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        if isinstance(owner, str):
            starts[owner] = first
        else:
            # For the root entry this is the mini stream's location and size (2.6.2).
            owner.start, owner.size = first, len(data)

    directory = b"".join(_pack_entry(e) for e in entries)
    directory = _pad(directory + _unused_entries(len(entries)), SECTOR)
    body = bytearray(_pack_sectors(fat, FREESECT))
    for owner, data in chains:
        body += _pad(directory if owner == "directory" else data, SECTOR)

    header = _header(
        fat_sectors=fat_sectors,
        first_directory=starts["directory"],
        first_mini_fat=starts.get("minifat", ENDOFCHAIN),
        mini_fat_sectors=_ceil(len(mini_fat), ENTRIES_PER_FAT),
    )
    return header + bytes(body)


def _tree(streams: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", ROOT)
    for path in sorted(streams):
        parts = path.split("/")
        node = root
        for name in parts[:-1]:
            _check_name(name)
            node = node.children.setdefault(name, _Entry(name, STORAGE))
            if node.kind != STORAGE:
                raise CfbError(f"{path!r}: {name!r} is a stream, not a storage")
        name = parts[-1]
        if name in node.children:
            raise CfbError(f"{path!r} given twice")
        _check_name(name)
        node.children[name] = _Entry(name, STREAM, data=bytes(streams[path]))
    return root


def _check_name(name: str) -> None:
    # 2.6.1: at most 31 UTF-16 code units plus the terminator; '/', '\', ':', '!' are illegal.
    if not name or len(name.encode("utf-16-le")) > 62 or any(c in name for c in "/\\:!"):
        raise CfbError(f"invalid compound file entry name {name!r}")


def _number(root: _Entry) -> list[_Entry]:
    """Give every entry a stream ID, depth first in tree order, root first (2.6)."""
    entries: list[_Entry] = []

    def visit(entry: _Entry) -> None:
        entry.sid = len(entries)
        entries.append(entry)
        for child in sorted(entry.children.values(), key=lambda e: _sort_key(e.name)):
            visit(child)

    visit(root)
    return entries


def _sort_key(name: str) -> tuple[int, str]:
    # 2.6.4: siblings compare by name length in UTF-16 code units first, then by the
    # upper-cased names code unit by code unit.
    return len(name.encode("utf-16-le")) // 2, name.upper()


def _link_children(parent: _Entry) -> None:
    """Store the children as a balanced binary search tree that is a valid red-black tree."""
    ordered = sorted(parent.children.values(), key=lambda e: _sort_key(e.name))
    deepest = len(ordered).bit_length() - 1  # depth of the lowest, possibly partial, level

    def build(low: int, high: int, depth: int) -> int:
        if low >= high:
            return NOSTREAM
        middle = (low + high) // 2
        node = ordered[middle]
        node.left = build(low, middle, depth + 1)
        node.right = build(middle + 1, high, depth + 1)
        # Halving keeps every leaf at the deepest two levels; colouring the deepest level
        # red (never the top) gives every path the same number of black nodes (2.6.4).
        node.color = RED if depth == deepest and depth > 0 else BLACK
        return node.sid

    parent.child = build(0, len(ordered), 0)


def _pack_entry(entry: _Entry) -> bytes:
    # 2.6.1 Compound File Directory Entry, 128 bytes.
    name = entry.name.encode("utf-16-le") + b"\0\0"
    is_stream_data = entry.kind == STREAM or (entry.kind == ROOT and entry.size)
    start = entry.start if is_stream_data else (ENDOFCHAIN if entry.kind == ROOT else 0)
    size = entry.size if is_stream_data else 0
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        b"\0" * 16,  # CLSID: none
        0,  # state bits
        0,  # creation time: zero (MUST be zero for the root, and keeps output stable)
        0,  # modified time: zero
        start,
        size,
    )


def _unused_entries(used: int) -> bytes:
    # 2.6.1: unused entries are all zero except the sibling and child IDs (NOSTREAM).
    per_sector = SECTOR // DIR_ENTRY
    free = _ceil(used, per_sector) * per_sector - used
    blank = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                        b"\0" * 16, 0, 0, 0, 0, 0)
    return blank * free


def _header(*, fat_sectors: int, first_directory: int, first_mini_fat: int,
            mini_fat_sectors: int) -> bytes:
    # 2.2 Compound File Header; sector numbers count from the sector after the header.
    difat = list(range(fat_sectors)) + [FREESECT] * (HEADER_DIFAT - fat_sectors)
    return struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3
        0xFFFE,  # byte order: little-endian
        9,  # sector shift: 512
        6,  # mini sector shift: 64
        b"\0" * 6,
        0,  # number of directory sectors: MUST be 0 for version 3
        fat_sectors,
        first_directory,
        0,  # transaction signature
        MINI_CUTOFF,
        first_mini_fat,
        mini_fat_sectors,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,  # number of DIFAT sectors
        *difat,
    )


def _pack_sectors(values: list[int], filler: int) -> bytes:
    count = _ceil(len(values), ENTRIES_PER_FAT) * ENTRIES_PER_FAT
    return struct.pack(f"<{count}I", *values, *[filler] * (count - len(values)))


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _ceil(value: int, unit: int) -> int:
    return -(-value // unit)
