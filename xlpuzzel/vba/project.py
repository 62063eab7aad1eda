"""Build `xl/vbaProject.bin` from text sources, starting from an Excel-made template.

The template is `xl/vbaProject.bin` in xlwings' `quickstart_standalone.xlsm` (the pinned
wheel). Its project settings, references (MSForms, Office 16.0 for `IRibbonControl`) and
dir-stream records are kept; module sources are replaced, and every module is stored as
compressed source alone (MODULEOFFSET 0, `_VBA_PROJECT` version 0xFFFF), so Excel has no
p-code to trust and compiles the project from source when it opens the workbook.

Document modules: only `ThisWorkbook` is kept (source = the attribute header Excel writes
for an empty workbook module); the template's `Sheet1` and `Sheet2` are dropped. Sheet
document modules belong to sheets that the puzzel workbook does not necessarily have
(the template's `Sheet2` is its `_xlwings.conf` sheet), none holds code, and a VBA project
that lacks the module of a sheet is the ordinary state after a sheet is added: Excel creates
the module on open. The workbook module cannot go: it is the project's document itself, so
`workbook.xml` must carry `codeName="ThisWorkbook"` (see `embed.py`).
Risk: not tried in Excel. If Excel insists on a document module per sheet it would either
create them silently (expected) or offer to repair the file; the sheets then get the
default code names of the user's Excel language (`Blad1` in Dutch Excel), which no code
of ours refers to.
"""

from __future__ import annotations

import importlib.util
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xlpuzzel.resources import VBA_DIR
from xlpuzzel.vba.cfb import write_compound_file
from xlpuzzel.vba.ovba import compress, decompress

__all__ = ["build_vba_project", "vba_sources"]

RIBBON_MODULE = "PuzzelRibbon"
TEMPLATE_WORKBOOK = "quickstart_standalone.xlsm"

# [MS-OVBA] 2.3.4.1 _VBA_PROJECT stream: Reserved1 0x61CC, Version 0xFFFF ("not compiled
# by any version": the PerformanceCache is ignored), Reserved2 0x00, Reserved3 0x0001.
VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")

# The stored source Excel writes for an empty workbook module (equal to the template's).
THIS_WORKBOOK_SOURCE = (
    'Attribute VB_Name = "ThisWorkbook"\r\n'
    'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\n"
    "Attribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\n"
    "Attribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\n"
    "Attribute VB_Customizable = True\r\n"
)
# VB_Base of every class module: the stored form names it, the exported .cls does not.
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# [MS-OVBA] 2.3.4.2 dir stream record ids used here.
PROJECTCODEPAGE = 0x0003
PROJECTVERSION = 0x0009
PROJECTMODULES = 0x000F
TERMINATOR = 0x0010
MODULENAME = 0x0019
MODULESTREAMNAME = 0x001A
MODULETYPE_PROCEDURAL = 0x0021
MODULETYPE_OTHER = 0x0022  # document or class module
MODULE_END = 0x002B
MODULEOFFSET = 0x0031
MODULESTREAMNAMEUNICODE = 0x0032
MODULENAMEUNICODE = 0x0047


@dataclass(frozen=True)
class _Module:
    name: str
    template: str  # the template module whose dir records this one reuses
    declaration: str  # PROJECT stream keyword ([MS-OVBA] 2.3.1.3-2.3.1.5)
    source: str


def vba_sources(ribbon_bas: str | None = None) -> dict[str, str]:
    """Module name -> the source text stored for it (CRLF line ends), in project order."""
    return {module.name: module.source for module in _modules(ribbon_bas)}


def build_vba_project(ribbon_bas: str | None = None) -> bytes:
    """Return `xl/vbaProject.bin`; `ribbon_bas` replaces the text of `vba/PuzzelRibbon.bas`."""
    modules = _modules(ribbon_bas)
    template = _template_streams()
    dir_records = _records(decompress(template["VBA/dir"]))
    codepage = f"cp{struct.unpack('<H', _find(dir_records, PROJECTCODEPAGE))[0]}"

    streams = {
        "PROJECT": _project_stream(template["PROJECT"], modules),
        "PROJECTwm": _project_wm(modules, codepage),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(_dir_stream(dir_records, modules, codepage)),
    }
    for module in modules:
        # Source alone from offset 0: no p-code cache for Excel to trust (2.3.4.3).
        streams[f"VBA/{module.name}"] = compress(module.source.encode(codepage))
    return write_compound_file(streams)


# --- sources -------------------------------------------------------------------------------


def _modules(ribbon_bas: str | None) -> list[_Module]:
    wheel = _xlwings_dir()
    if ribbon_bas is None:
        # Our own sources are UTF-8 text; they are stored in the project's code page.
        ribbon_bas = (VBA_DIR / f"{RIBBON_MODULE}.bas").read_text(encoding="utf-8")
    return [
        _Module("ThisWorkbook", "ThisWorkbook", "Document=ThisWorkbook/&H00000000", THIS_WORKBOOK_SOURCE),
        _Module(RIBBON_MODULE, "Module1", f"Module={RIBBON_MODULE}", _stored_bas(ribbon_bas, RIBBON_MODULE)),
        _Module("xlwings", "xlwings", "Module=xlwings", _stored_bas(_read_text(wheel / "xlwings.bas"), "xlwings")),
        _Module("Dictionary", "Dictionary", "Class=Dictionary",
                _stored_cls(_read_text(wheel / "addin" / "Dictionary.cls"), "Dictionary")),
    ]


def _read_text(path: Path) -> str:
    # Files exported by the VBE are in the ANSI code page, Windows-1252 like this project.
    return path.read_bytes().decode("cp1252")


def _crlf(text: str) -> str:
    text = re.sub(r"\r\n|\r|\n", "\r\n", text)
    return text if text.endswith("\r\n") else text + "\r\n"


def _stored_bas(text: str, name: str) -> str:
    """An exported .bas as Excel stores it: `Attribute VB_Name` first, then the code."""
    lines = _crlf(text).split("\r\n")
    header = f'Attribute VB_Name = "{name}"'
    match = re.fullmatch(r'Attribute VB_Name = "([^"]*)"', lines[0])
    if match and match.group(1) != name:
        raise ValueError(f"module source names itself {match.group(1)!r}, expected {name!r}")
    if not match:
        lines.insert(0, header)
    return "\r\n".join(lines)


def _stored_cls(text: str, name: str) -> str:
    """An exported .cls as Excel stores it: no VERSION/BEGIN block, VB_Base and defaults added."""
    lines = _crlf(text).split("\r\n")
    if lines and lines[0].startswith("VERSION "):
        lines = lines[lines.index("END") + 1 :]
    count = next(i for i, line in enumerate(lines) if not line.startswith("Attribute VB_"))
    attributes, body = lines[:count], lines[count:]
    keys = [line.split()[1] for line in attributes]
    if keys[:1] != ["VB_Name"] or attributes[0] != f'Attribute VB_Name = "{name}"':
        raise ValueError(f"class source does not start with Attribute VB_Name = {name!r}")
    if "VB_Base" not in keys:
        attributes.insert(1, f'Attribute VB_Base = "{CLASS_BASE}"')
    exposed = next(i for i, line in enumerate(attributes) if line.startswith("Attribute VB_Exposed "))
    for offset, (key, value) in enumerate([("VB_TemplateDerived", "False"), ("VB_Customizable", "False")]):
        if key not in keys:
            attributes.insert(exposed + 1 + offset, f"Attribute {key} = {value}")
    return "\r\n".join(attributes + body)


# --- template ------------------------------------------------------------------------------


def _xlwings_dir() -> Path:
    # find_spec locates the installed wheel without importing xlwings.
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise RuntimeError("xlwings is not installed; it provides the VBA template and module")
    return Path(spec.origin).parent


def _template_streams() -> dict[str, bytes]:
    import olefile  # read-only use of the template; our own writer makes the output

    with zipfile.ZipFile(_xlwings_dir() / TEMPLATE_WORKBOOK) as book:
        data = book.read("xl/vbaProject.bin")
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    # Anything we do not rebuild (forms, designer storages) would be lost silently.
    expected = {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"}
    expected |= {f"VBA/{name}" for name in ("ThisWorkbook", "Sheet1", "Sheet2", "Module1", "xlwings", "Dictionary")}
    unexpected = sorted(n for n in streams if n not in expected and not n.startswith("VBA/__SRP_"))
    if unexpected:
        raise RuntimeError(f"unexpected streams in the xlwings VBA template: {unexpected}")
    return streams


# --- dir stream ([MS-OVBA] 2.3.4.2) ---------------------------------------------------------


def _records(data: bytes) -> list[tuple[int, bytes]]:
    """Split the dir stream into (id, data) records."""
    records = []
    pos = 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == PROJECTVERSION:
            # 2.3.4.2.1.11: Reserved (always 4) then 6 bytes of version, 12 bytes in all.
            size = 6
        records.append((record_id, data[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    return records


def _pack_records(records: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for record_id, payload in records:
        size = 4 if record_id == PROJECTVERSION else len(payload)
        out += struct.pack("<HI", record_id, size) + payload
    return bytes(out)


def _find(records: list[tuple[int, bytes]], record_id: int) -> bytes:
    return next(payload for rid, payload in records if rid == record_id)


def _dir_stream(records: list[tuple[int, bytes]], modules: list[_Module], codepage: str) -> bytes:
    """The template's dir records with our module list ([MS-OVBA] 2.3.4.2.3)."""
    split = next(i for i, (rid, _) in enumerate(records) if rid == PROJECTMODULES)
    information = records[:split]  # PROJECTINFORMATION and PROJECTREFERENCES, kept as is
    cookie = records[split + 1]  # PROJECTCOOKIE
    template_modules: dict[str, list[tuple[int, bytes]]] = {}
    current: list[tuple[int, bytes]] = []
    for record in records[split + 2 :]:
        if record[0] == TERMINATOR:
            break
        current.append(record)
        if record[0] == MODULE_END:
            template_modules[current[0][1].decode(codepage)] = current
            current = []

    out = list(information)
    out.append((PROJECTMODULES, struct.pack("<H", len(modules))))
    out.append(cookie)
    for module in modules:
        reused = template_modules[module.template]
        # 2.3.4.2.3.2.8 MODULETYPE: the reused records must be of the kind we declare.
        wanted = MODULETYPE_PROCEDURAL if module.declaration.startswith("Module=") else MODULETYPE_OTHER
        if wanted not in (rid for rid, _ in reused):
            raise RuntimeError(f"template module {module.template} is not of the kind {module.name} needs")
        out += [_module_record(record, module.name, codepage) for record in reused]
    # 2.3.4.2 Terminator 0x0010 followed by Reserved (4 bytes) 0x00000000.
    out.append((TERMINATOR, b""))
    return _pack_records(out)


def _module_record(record: tuple[int, bytes], name: str, codepage: str) -> tuple[int, bytes]:
    record_id = record[0]
    if record_id in (MODULENAME, MODULESTREAMNAME):  # 2.3.4.2.3.2.1 and .3, MBCS
        return record_id, name.encode(codepage)
    if record_id in (MODULENAMEUNICODE, MODULESTREAMNAMEUNICODE):  # UTF-16LE twins
        return record_id, name.encode("utf-16-le")
    if record_id == MODULEOFFSET:  # 2.3.4.2.3.2.5: the source starts the stream
        return record_id, struct.pack("<I", 0)
    return record


# --- PROJECT and PROJECTwm streams ([MS-OVBA] 2.3.1, 2.3.3) ----------------------------------


def _project_stream(template: bytes, modules: list[_Module]) -> bytes:
    """The template's PROJECT text with our module declarations and [Workspace] lines."""
    lines = template.decode("cp1252").split("\r\n")
    declaration = re.compile(r"(Document|Module|Class|BaseClass|Package)=")
    workspace_start = lines.index("[Workspace]")
    head = [line for line in lines[:workspace_start] if not declaration.match(line)]
    window_of = dict(line.split("=", 1) for line in lines[workspace_start + 1 :] if "=" in line)
    # 2.3.1.1: ProjectId comes first, then the ProjectModules declarations.
    body = head[:1] + [module.declaration for module in modules] + head[1:]
    body.append("[Workspace]")
    body += [f"{m.name}={window_of.get(m.template, '0, 0, 0, 0, C')}" for m in modules]
    return ("\r\n".join(body) + "\r\n\r\n").encode("cp1252")


def _project_wm(modules: list[_Module], codepage: str) -> bytes:
    # 2.3.3.1 NameMap: MBCS name + NUL, UTF-16 name + NUL, then a 0x0000 terminator.
    out = bytearray()
    for module in modules:
        out += module.name.encode(codepage) + b"\0" + module.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")
