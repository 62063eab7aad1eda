"""The VBA project built from text: its compressor, its compound file and its contents."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from xlpuzzel.vba import build_vba_project, vba_sources
from xlpuzzel.vba.cfb import CfbError, write_compound_file
from xlpuzzel.vba.ovba import OvbaCompressionError, compress, decompress
from xlpuzzel.vba.project import TEMPLATE_WORKBOOK, _xlwings_dir

MODULES = ["ThisWorkbook", "PuzzelRibbon", "xlwings", "Dictionary"]
VBA_LIKE = b"    Dim x As Long\r\nIf x = 0 Then\r\nEnd If\r\n' commentaar\r\nRunPython \"import\"\r\n"


@pytest.fixture(scope="module")
def built() -> bytes:
    return build_vba_project()


@pytest.fixture(scope="module")
def template() -> bytes:
    with zipfile.ZipFile(_xlwings_dir() / TEMPLATE_WORKBOOK) as book:
        return book.read("xl/vbaProject.bin")


def strict_ole(data: bytes) -> olefile.OleFileIO:
    # DEFECT_UNSURE is olefile's lowest level: any oddity at all raises.
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_UNSURE)


def dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """Records of the decompressed dir stream, parsed independently of the builder."""
    raw = decompress_stream(bytearray(strict_ole(data).openstream("VBA/dir").read()))
    records, pos = [], 0
    while pos < len(raw):
        record_id, size = struct.unpack_from("<HI", raw, pos)
        size = 6 if record_id == 0x0009 else size  # PROJECTVERSION: 12 bytes in all
        records.append((record_id, raw[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    return records


def extracted_modules(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=data, relaxed=False)
    return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}


def lf(text: str) -> str:
    return text.replace("\r\n", "\n")


# --- the built project ----------------------------------------------------------------------


def test_built_project_parses_without_any_olefile_defect(built):
    """olefile at its strictest reads every stream and reports no parsing issue."""
    ole = strict_ole(built)
    for path in ole.listdir():
        ole.openstream(path).read()
    assert ole.parsing_issues == []


def test_project_holds_exactly_the_expected_streams(built):
    """Only PROJECT, PROJECTwm, _VBA_PROJECT, dir and one stream per module; no __SRP_ cache."""
    streams = {"/".join(path) for path in strict_ole(built).listdir()}
    assert streams == {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"} | {f"VBA/{m}" for m in MODULES}


def test_olevba_extracts_every_module_equal_to_its_source(built):
    """Every module olevba finds has exactly the source we meant to store (modulo CRLF)."""
    expected = vba_sources()
    extracted = extracted_modules(built)
    assert list(extracted) == list(expected) == MODULES
    for name, code in extracted.items():
        assert lf(code) == lf(expected[name]), name


def test_every_module_offset_in_the_dir_stream_is_zero(built):
    """MODULEOFFSET is 0 for every module, so no p-code precedes any source."""
    offsets = [struct.unpack("<I", data)[0] for rid, data in dir_records(built) if rid == 0x0031]
    assert offsets == [0] * len(MODULES)


def test_module_streams_hold_only_the_compressed_source(built):
    """Each module stream decompresses from its first byte to the source in Windows-1252."""
    ole = strict_ole(built)
    for name, source in vba_sources().items():
        assert decompress_stream(bytearray(ole.openstream(f"VBA/{name}").read())) == source.encode("cp1252")


def test_vba_project_stream_is_the_seven_byte_uncompiled_form(built):
    """_VBA_PROJECT is cc 61 ff ff 00 01 00: version 0xFFFF makes Excel compile from source."""
    assert strict_ole(built).openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")


def test_two_builds_give_the_same_bytes(built):
    """Building twice from the same sources gives byte-identical files."""
    assert build_vba_project() == built


def test_module1_is_renamed_to_puzzelribbon_everywhere(built):
    """The template's Module1 name is gone from dir, PROJECT and PROJECTwm, in both encodings."""
    ole = strict_ole(built)
    dir_raw = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    project = ole.openstream("PROJECT").read()
    for blob in (dir_raw, project, ole.openstream("PROJECTwm").read()):
        for encoding in ("cp1252", "utf-16-le"):
            assert "Module1".encode(encoding) not in blob
            # PROJECT is text in the code page only; the other two also hold UTF-16 names.
            assert "PuzzelRibbon".encode(encoding) in blob or (blob is project and encoding != "cp1252")


def test_dir_stream_names_each_module_and_its_stream_alike(built):
    """MODULENAME, MODULESTREAMNAME and their Unicode twins agree, in project order."""
    records = dir_records(built)

    def values(record_id: int, encoding: str) -> list[str]:
        return [data.decode(encoding) for rid, data in records if rid == record_id]

    assert values(0x0019, "cp1252") == MODULES
    assert values(0x0047, "utf-16-le") == MODULES
    assert values(0x001A, "cp1252") == MODULES
    assert values(0x0032, "utf-16-le") == MODULES
    assert [struct.unpack("<H", d)[0] for rid, d in records if rid == 0x000F] == [len(MODULES)]


def test_module_types_are_document_procedural_procedural_class(built):
    """ThisWorkbook and Dictionary are 0x0022 (document/class), the two standard modules 0x0021."""
    types = [rid for rid, _ in dir_records(built) if rid in (0x0021, 0x0022)]
    assert types == [0x0022, 0x0021, 0x0021, 0x0022]


def test_project_information_and_references_are_kept_from_the_template(built, template):
    """Records before PROJECTMODULES (code page, references to MSForms and Office) are untouched."""
    def head(data: bytes) -> list[tuple[int, bytes]]:
        records = dir_records(data)
        return records[: [rid for rid, _ in records].index(0x000F)]

    assert head(built) == head(template)


def test_project_stream_declares_each_module_once(built):
    """PROJECT lists ThisWorkbook as document, two modules and the class, and a window for each."""
    text = strict_ole(built).openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")
    assert lines[1:5] == [
        "Document=ThisWorkbook/&H00000000",
        "Module=PuzzelRibbon",
        "Module=xlwings",
        "Class=Dictionary",
    ]
    workspace = lines[lines.index("[Workspace]") + 1 :]
    assert [line.split("=")[0] for line in workspace if line] == MODULES
    assert "Sheet1" not in text and "Sheet2" not in text


def test_project_wm_maps_every_module_name(built):
    """PROJECTwm holds each name in MBCS and UTF-16, then the terminator."""
    expected = b"".join(m.encode() + b"\0" + m.encode("utf-16-le") + b"\0\0" for m in MODULES) + b"\0\0"
    assert strict_ole(built).openstream("PROJECTwm").read() == expected


def test_xlwings_module_is_the_templates_stored_source_in_crlf(template):
    """The xlwings module equals what the template stores for it, with CRLF line ends."""
    assert vba_sources()["xlwings"] == lf(extracted_modules(template)["xlwings"]).replace("\n", "\r\n")
    assert vba_sources()["xlwings"].startswith('Attribute VB_Name = "xlwings"\r\n#Const App')


def test_dictionary_class_gets_the_header_excel_stores(template):
    """Dictionary.cls loses its VERSION block and gains VB_Base and defaults, as Excel stores it."""
    ours = vba_sources()["Dictionary"].split("\r\n")
    theirs = extracted_modules(template)["Dictionary"].split("\r\n")
    header = sum(1 for line in theirs if line.startswith("Attribute VB_"))
    assert ours[:header] == theirs[:header]
    # The VBE normalises the case of identifiers project-wide (err.Raise); nothing else differs.
    assert [line.lower() for line in ours[header:]] == [line.lower() for line in theirs[header:]]


def test_this_workbook_source_is_the_templates_attribute_header(template):
    """ThisWorkbook holds the attribute lines Excel writes for an empty workbook module."""
    assert vba_sources()["ThisWorkbook"] == extracted_modules(template)["ThisWorkbook"]


def test_ribbon_module_comes_from_the_repo_bas_file():
    """PuzzelRibbon's stored source is vba/PuzzelRibbon.bas with CRLF line ends."""
    text = (Path(__file__).parents[1] / "vba" / "PuzzelRibbon.bas").read_text(encoding="utf-8")
    assert vba_sources()["PuzzelRibbon"] == lf(text).replace("\n", "\r\n")


def test_ribbon_bas_argument_replaces_the_ribbon_module():
    """A given ribbon source is stored, with its Attribute VB_Name line added."""
    source = "Public Sub PuzzelKnop(control As IRibbonControl)\nEnd Sub\n"
    data = build_vba_project(ribbon_bas=source)
    stored = extracted_modules(data)["PuzzelRibbon"]
    assert stored == 'Attribute VB_Name = "PuzzelRibbon"\r\n' + source.replace("\n", "\r\n")


def test_ribbon_source_naming_another_module_is_refused():
    """A .bas whose Attribute VB_Name is not PuzzelRibbon raises instead of building a broken project."""
    with pytest.raises(ValueError, match="Module1"):
        build_vba_project(ribbon_bas='Attribute VB_Name = "Module1"\r\nSub X()\r\nEnd Sub\r\n')


# --- MS-OVBA compression --------------------------------------------------------------------


def _roundtrip(data: bytes) -> None:
    packed = compress(data)
    assert decompress_stream(bytearray(packed)) == data
    assert decompress(packed) == data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=13000))
def test_compressed_bytes_roundtrip_through_oletools(data):
    """Any byte string comes back unchanged, unless its short last chunk cannot shrink at all."""
    try:
        _roundtrip(data)
    except OvbaCompressionError:
        # Only a final chunk of 3,641+ bytes can need more than 4,096 bytes as literals.
        assert 3641 <= len(data) % 4096


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(VBA_LIKE.split(b" ")), max_size=3000).map(b" ".join))
def test_source_like_text_roundtrips_through_oletools(data):
    """Text built from VBA-like words always compresses and comes back unchanged."""
    _roundtrip(data)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4095, 4096, 4097, 8192, 70000])
def test_random_source_text_of_edge_sizes_roundtrips(size):
    """Random text from a small alphabet round-trips at chunk-boundary sizes."""
    rng = random.Random(size)
    _roundtrip(bytes(rng.choice(b"abcdefgh \r\n") for _ in range(size)))


@pytest.mark.parametrize("size", [0, 1, 4096, 4097, 70000])
def test_random_bytes_roundtrip_using_raw_chunks_where_needed(size):
    """Incompressible full chunks are stored raw (flag 0), and everything round-trips."""
    _roundtrip(random.Random(size).randbytes(size))


def test_incompressible_full_chunk_is_stored_raw():
    """A random 4,096-byte chunk is a raw chunk: header 0x3FFF then the bytes themselves."""
    data = random.Random(7).randbytes(4096)
    assert compress(data) == b"\x01" + struct.pack("<H", 0x3FFF) + data


def test_incompressible_short_last_chunk_is_refused():
    """A short random last chunk would need zero padding, so compression refuses it."""
    with pytest.raises(OvbaCompressionError):
        compress(random.Random(1).randbytes(4095))


@pytest.mark.parametrize("data", [b"a" * 70000, b"\0" * 4096, b"ab" * 20000, VBA_LIKE * 1000])
def test_highly_repetitive_data_shrinks_and_roundtrips(data):
    """Long runs use maximal copy tokens: the result is a small fraction of the input."""
    _roundtrip(data)
    assert len(compress(data)) < len(data) // 10


def test_decompressor_reads_every_stream_of_the_excel_made_template(template):
    """Our decompressor agrees with oletools on the dir stream Excel wrote."""
    stream = strict_ole(template).openstream("VBA/dir").read()
    assert decompress(stream) == decompress_stream(bytearray(stream))


# --- compound file writer -------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000, 300_000])
def test_compound_file_streams_read_back_with_olefile(size):
    """Streams of any size, around the 4,096-byte mini-stream cutoff and far beyond, read back."""
    streams = {
        "PROJECT": b"ID=1\r\n",
        "VBA/dir": random.Random(size).randbytes(size),
        "VBA/small": b"x" * 100,
        "VBA/big": b"y" * 5000,
    }
    ole = strict_ole(write_compound_file(streams))
    assert {"/".join(p): ole.openstream(p).read() for p in ole.listdir()} == streams
    assert ole.parsing_issues == []


@pytest.mark.parametrize(("size", "fat_sectors"), [(60_000, 1), (70_000, 2), (300_000, 5)])
def test_large_streams_need_more_fat_sectors_listed_in_the_header(size, fat_sectors):
    """Beyond 128 sectors a second FAT sector is used and listed in the header's DIFAT."""
    data = write_compound_file({"s": b"z" * size})
    assert struct.unpack_from("<I", data, 0x2C)[0] == fat_sectors
    assert list(struct.unpack_from(f"<{fat_sectors}I", data, 0x4C)) == list(range(fat_sectors))
    assert strict_ole(data).openstream("s").read() == b"z" * size


def test_empty_stream_points_at_end_of_chain():
    """A 0-byte stream has start sector ENDOFCHAIN, as olefile's strict mode requires."""
    ole = strict_ole(write_compound_file({"empty": b""}))
    assert ole.openstream("empty").read() == b""
    assert ole.direntries[1].isectStart == olefile.ENDOFCHAIN


def test_compound_file_is_deterministic_whatever_the_input_order():
    """The same streams in another order give the same bytes; times and CLSIDs are zero."""
    a = write_compound_file({"VBA/a": b"1", "VBA/b": b"2" * 5000, "P": b"3"})
    b = write_compound_file({"P": b"3", "VBA/b": b"2" * 5000, "VBA/a": b"1"})
    assert a == b
    ole = strict_ole(a)
    assert all(e.createTime == e.modifyTime == 0 for e in ole.direntries if e is not None)
    assert all(e.clsid == "" for e in ole.direntries if e is not None)


def _check_red_black(ole: olefile.OleFileIO, sid: int) -> int:
    """Black height of the subtree at sid; asserts the red-black and ordering rules."""
    if sid == olefile.NOSTREAM:
        return 1
    entry = ole.direntries[sid]
    for child in (entry.sid_left, entry.sid_right):
        if entry.color == 0 and child != olefile.NOSTREAM:
            assert ole.direntries[child].color == 1, "red node with a red child"
    left, right = _check_red_black(ole, entry.sid_left), _check_red_black(ole, entry.sid_right)
    assert left == right, "unequal black heights"
    return left + (entry.color == 1)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 12, 33])
def test_directory_siblings_form_a_valid_red_black_search_tree(count):
    """Siblings are ordered by name length then upper-case name, in a valid red-black tree."""
    names = [f"{'m' * (i % 5 + 1)}{i}" for i in range(count)]
    ole = strict_ole(write_compound_file({f"VBA/{n}": n.encode() for n in names}))
    storage = next(e for e in ole.direntries if e is not None and e.name == "VBA")
    root = ole.direntries[storage.sid_child]
    assert root.color == 1
    _check_red_black(ole, storage.sid_child)
    ordered: list[str] = []

    def walk(sid: int) -> None:
        if sid != olefile.NOSTREAM:
            walk(ole.direntries[sid].sid_left)
            ordered.append(ole.direntries[sid].name)
            walk(ole.direntries[sid].sid_right)

    walk(storage.sid_child)
    assert ordered == sorted(names, key=lambda n: (len(n), n.upper()))


@pytest.mark.parametrize("name", ["a/b:c", "x!", "n" * 32, ""])
def test_invalid_entry_names_are_refused(name):
    """Names with / \\ : ! or longer than 31 characters cannot be stored."""
    with pytest.raises(CfbError):
        write_compound_file({f"VBA/{name}" if "/" not in name else name: b""})


def test_file_needing_difat_sectors_is_refused_clearly():
    """More than 109 FAT sectors (about 7 MB) raises instead of writing a broken file."""
    with pytest.raises(CfbError, match="109"):
        write_compound_file({"s": bytes(7_200_000)})


def test_sources_are_plain_windows_1252_text():
    """Every stored source encodes in the project's code page and has CRLF line ends only."""
    for name, source in vba_sources().items():
        source.encode("cp1252")
        assert not re.search(r"\r(?!\n)|(?<!\r)\n", source), name
