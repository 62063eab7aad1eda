"""The workbook file as an OOXML package: the one place that reads and writes the zip, the
relationships (`*.rels`) and `[Content_Types].xml`.

A :class:`Package` holds the file's bytes and the zip's directory; a part is decompressed
only when asked for, after its size has been checked (declared size, actual size and
compression ratio; see the limits below), so a 3 GB member nobody refers to costs nothing.
Reader (:mod:`xlpuzzel.reader`, ElementTree), patcher (:mod:`xlpuzzel.patch`, lxml) and VBA
embedding (:mod:`xlpuzzel.vba.embed`) all work on the same package: the relationships and
content types are parsed here, once, with the standard library, and written back only when
they changed. Writing (:meth:`Package.to_bytes`) copies every part that did not change as
its stored, compressed bytes; new and changed parts are deflated with fixed metadata, so a
package built from scratch gives the same bytes every time.

Files on disk (locks, backups, atomic replace) are :mod:`xlpuzzel.storage`'s business.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from xml.etree import ElementTree as ET

from xlpuzzel.errors import UnusableWorkbook

#: Fixed zip timestamp so that rebuilding gives the same bytes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"

#: A part read whole may unpack to at most this many bytes (a puzzel's sheets are a few hundred KB).
MAX_PART_BYTES = 64 * 1024 * 1024
#: A part read as a stream (a sheet read up to the rows needed) may unpack to at most this many bytes.
MAX_STREAM_BYTES = 1024 * 1024 * 1024
#: Deflate cannot shrink data more than about 1032 times; a higher ratio is no honest part.
MAX_RATIO = 1100
#: Parts in one package (a workbook has tens; Excel itself stops far below this).
MAX_MEMBERS = 20_000
#: The workbook file itself (held in memory whole).
MAX_FILE_BYTES = 512 * 1024 * 1024

NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: Strict OOXML names the same relationship types in another namespace.
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
REL_OFFICE_DOCUMENT = REL + "officeDocument"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

_LOCAL = struct.Struct("<4s2B4HL2L2H")
#: A central directory record without its last field, the local header offset (appended when known).
_CENTRAL = struct.Struct("<4s4B4HL2L5HL")
_END = struct.Struct("<4s4H2LH")
_SIZE_MAX = 0xFFFFFFFF


class PackageError(UnusableWorkbook):
    """The file cannot be read or written as a workbook; the message is Dutch and names the file."""


def xml_int(text: object, default: int = 0) -> int:
    """An integer attribute as stored ('12'), or `default` when it is missing or no integer ('abc', '', '1e9')."""
    if text is None:
        return default
    try:
        value = int(str(text).strip())
    except ValueError:
        return default
    return value if -(2**31) <= value < 2**31 else default


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f}".replace(",", ".")


class Package:
    """An OOXML package: parts by name, read lazily; changes kept apart until :meth:`to_bytes`."""

    def __init__(self, name: str = "werkmap") -> None:
        #: How the file is named in messages.
        self.name = name
        self._data = b""
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._order: list[str] = []
        self._cache: dict[str, bytes] = {}
        self._new: dict[str, bytes] = {}
        self._rels: dict[str, Relationships] = {}
        self._types: ContentTypes | None = None

    # ------------------------------------------------------------------ opening
    @classmethod
    def from_bytes(cls, data: bytes, name: str = "werkmap") -> Package:
        """The package of a file's bytes; PackageError (Dutch, naming `name`) when it is none."""
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise PackageError(
                f"{name}: dit bestand is met een wachtwoord beveiligd of in het oude .xls-formaat; "
                "sla het in Excel op als .xlsm zonder wachtwoord."
            )
        if len(data) == 0:
            raise PackageError(f"{name}: het bestand is leeg.")
        if len(data) > MAX_FILE_BYTES:
            raise PackageError(
                f"{name}: het bestand is {_mb(len(data))} MB groot; een puzzelwerkmap is hooguit enkele MB. "
                f"Er zit iets anders in (grote afbeeldingen of ingesloten bestanden?)."
            )
        pkg = cls(name)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, struct.error,
                NotImplementedError, RuntimeError, UnicodeDecodeError) as exc:
            raise PackageError(f"{name}: geen Excel-werkmap (geen geldig .xlsx/.xlsm-bestand).") from exc
        if len(infos) > MAX_MEMBERS:
            raise PackageError(
                f"{name}: het bestand bevat {len(infos):,} onderdelen; een werkmap heeft er tientallen. "
                "Dit is geen bruikbare werkmap.".replace(",", ".")
            )
        pkg._data = data
        pkg._zip = zf
        for info in infos:
            if info.filename not in pkg._infos:
                pkg._order.append(info.filename)
            pkg._infos[info.filename] = info  # a name stored twice: the last one counts, as on reading
        return pkg

    @classmethod
    def from_parts(cls, parts: Mapping[str, bytes], name: str = "werkmap") -> Package:
        """A new package holding these parts (a build, a test)."""
        pkg = cls(name)
        for part, data in parts.items():
            pkg.write(part, data)
        return pkg

    # ------------------------------------------------------------------ parts
    def names(self) -> list[str]:
        """Every part name, in stored order (new parts last)."""
        return [n for n in self._order if n in self._new or n in self._infos]

    def __contains__(self, part: object) -> bool:
        return isinstance(part, str) and (part in self._new or part in self._infos)

    def declared_size(self, part: str) -> int:
        """The unpacked size the zip directory states for a part (0 when absent)."""
        if part in self._new:
            return len(self._new[part])
        info = self._infos.get(part)
        return info.file_size if info is not None else 0

    def get(self, part: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        """A part's bytes, or None when the package has no such part."""
        if part in self._new:
            return self._new[part]
        if part not in self._infos:
            return None
        if part not in self._cache:
            self._cache[part] = b"".join(self._inflate(part, limit))
        return self._cache[part]

    def read(self, part: str, limit: int = MAX_PART_BYTES) -> bytes:
        """A part's bytes; PackageError when it is missing, damaged or too large."""
        data = self.get(part, limit)
        if data is None:
            raise PackageError(f"{self.name}: het onderdeel {part} ontbreekt; het bestand is beschadigd.")
        return data

    def stream(self, part: str, limit: int = MAX_STREAM_BYTES) -> Iterable[bytes]:
        """A part's bytes in pieces, checked as :meth:`read` does; for reading a large sheet partly."""
        if part in self._new or part in self._cache:
            yield self.read(part)
            return
        if part not in self._infos:
            raise PackageError(f"{self.name}: het onderdeel {part} ontbreekt; het bestand is beschadigd.")
        yield from self._inflate(part, limit)

    def write(self, part: str, data: bytes) -> None:
        """Put a part (new or changed); it is written deflated by :meth:`to_bytes`."""
        if part not in self._order:
            self._order.append(part)
        self._new[part] = bytes(data)

    def remove(self, part: str) -> None:
        """Drop a part (its relationships and content type are the caller's business)."""
        self._new.pop(part, None)
        self._infos.pop(part, None)
        self._cache.pop(part, None)

    def changed(self) -> bool:
        """True when a part was written or removed, or relationships or content types changed."""
        self._flush()
        return bool(self._new) or set(self._order) != set(self.names())

    def parts(self) -> dict[str, bytes]:
        """Every part, read whole (tests, and the rare caller that needs all)."""
        self._flush()
        return {n: self.read(n) for n in self.names()}

    def _inflate(self, part: str, limit: int) -> Iterable[bytes]:
        """The decompressed bytes of a stored part, in pieces, within the limits."""
        info = self._infos[part]
        where = f"{self.name}: het onderdeel {part}"
        if info.flag_bits & 0x1:
            raise PackageError(f"{where} is versleuteld; sla de werkmap in Excel op zonder wachtwoord.")
        if info.file_size > limit:
            raise PackageError(
                f"{where} is {_mb(info.file_size)} MB groot (uitgepakt); meer dan {_mb(limit)} MB kan "
                "dit programma niet veilig lezen. " + _TOO_BIG_ADVICE
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(
                f"{where} pakt uit tot {info.file_size // max(info.compress_size, 1):,}x zijn opgeslagen "
                "grootte; zo ver laat gewone inhoud zich niet inpakken. Het bestand is beschadigd of "
                "kwaadaardig (een 'zipbom').".replace(",", ".")
            )
        assert self._zip is not None
        total = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    piece = fh.read(1024 * 1024)
                    if not piece:
                        break
                    total += len(piece)
                    if total > limit or total > info.file_size:
                        raise PackageError(
                            f"{where} is groter dan het bestand zegt (meer dan {_mb(min(limit, info.file_size))} MB); "
                            "het bestand is beschadigd."
                        )
                    yield piece
        except PackageError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error,
                NotImplementedError, RuntimeError, LookupError) as exc:
            # A bad CRC, an unknown compression, a member cut short: all "damaged".
            raise PackageError(f"{where} is beschadigd en kan niet gelezen worden.") from exc

    # ------------------------------------------------------------------ relationships, content types
    def rels(self, source: str) -> Relationships:
        """The relationships of a part ('' for the package itself), parsed once; empty when it has none."""
        if source not in self._rels:
            name = rels_name(source)
            self._rels[source] = Relationships(source, self.get(name), f"{self.name}: het onderdeel {name}")
        return self._rels[source]

    def related(self, source: str, rel_type: str) -> list[str]:
        """The parts (present in the package) that `source` refers to with relationships of a type."""
        return [p for _id, p in self.rels(source).targets(rel_type) if p in self]

    @property
    def main_part(self) -> str:
        """The workbook part: the package's officeDocument relationship, else `xl/workbook.xml`."""
        for part in self.related("", REL_OFFICE_DOCUMENT):
            return part
        if "xl/workbook.xml" in self:
            return "xl/workbook.xml"
        raise PackageError(
            f"{self.name}: geen Excel-werkmap: het onderdeel xl/workbook.xml ontbreekt "
            "(het bestand is beschadigd of is een ander soort document)."
        )

    @property
    def content_types(self) -> ContentTypes:
        """`[Content_Types].xml`, parsed once; PackageError when it is missing or damaged."""
        if self._types is None:
            self._types = ContentTypes(self.read(CONTENT_TYPES), f"{self.name}: het onderdeel {CONTENT_TYPES}")
        return self._types

    def _flush(self) -> None:
        """Write relationships and content types that changed back as parts."""
        for source, rels in self._rels.items():
            if not rels.changed:
                continue
            name = rels_name(source)
            if rels.items:
                self.write(name, rels.to_bytes())
            else:
                self.remove(name)
                if self._types is not None or CONTENT_TYPES in self:
                    self.content_types.remove_override(name)
            rels.changed = False
        if self._types is not None and self._types.changed:
            self.write(CONTENT_TYPES, self._types.to_bytes())
            self._types.changed = False

    def free_name(self, pattern: str) -> str:
        """The first unused part name of a pattern with one `{}` (numbered from 1, case-insensitive)."""
        existing = {p.lower() for p in self.names()}
        n = 1
        while pattern.format(n).lower() in existing:
            n += 1
        return pattern.format(n)

    # ------------------------------------------------------------------ writing
    def to_bytes(self) -> bytes:
        """The package as a zip: `[Content_Types].xml` first, unchanged parts as stored, the rest deflated."""
        self._flush()
        names = self.names()
        order = sorted(names, key=lambda n: (n != CONTENT_TYPES, n != PACKAGE_RELS))
        out = io.BytesIO()
        central: list[bytes] = []
        for name in order:
            offset = out.tell()
            if name in self._new:
                entry = _new_entry(name, self._new[name])
            else:
                entry = self._stored_entry(name)
            header, raw, record = entry
            out.write(header)
            out.write(raw)
            if offset > _SIZE_MAX:
                raise PackageError(f"{self.name}: het bestand wordt te groot om op te slaan (meer dan 4 GB).")
            central.append(record + struct.pack("<L", offset) + _encode(name)[0])
        start = out.tell()
        for record in central:
            out.write(record)
        size = out.tell() - start
        out.write(_END.pack(b"PK\005\006", 0, 0, len(central), len(central), size, start, 0))
        return out.getvalue()

    def _stored_entry(self, name: str) -> tuple[bytes, bytes, bytes]:
        """Local header, stored bytes and central record (without offset) of an unchanged part."""
        info = self._infos[name]
        at = info.header_offset
        head = self._data[at : at + _LOCAL.size]
        if len(head) < _LOCAL.size or head[:4] != b"PK\003\004":
            raise PackageError(f"{self.name}: het onderdeel {name} is beschadigd en kan niet gekopieerd worden.")
        fields = _LOCAL.unpack(head)
        start = at + _LOCAL.size + fields[10] + fields[11]
        raw = self._data[start : start + info.compress_size]
        if len(raw) != info.compress_size or info.file_size > _SIZE_MAX or info.compress_size > _SIZE_MAX:
            raise PackageError(f"{self.name}: het onderdeel {name} is beschadigd en kan niet gekopieerd worden.")
        encoded, utf8 = _encode(name)
        flags = (info.flag_bits & ~0x0808) | utf8
        dostime = info.date_time[3] << 11 | info.date_time[4] << 5 | info.date_time[5] // 2
        dosdate = (max(info.date_time[0], 1980) - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2]
        version = max(info.extract_version, 20)
        header = _LOCAL.pack(b"PK\003\004", version, 0, flags, info.compress_type, dostime, dosdate,
                             info.CRC, info.compress_size, info.file_size, len(encoded), 0) + encoded
        record = _CENTRAL.pack(b"PK\001\002", info.create_version, info.create_system, version, 0, flags,
                               info.compress_type, dostime, dosdate, info.CRC, info.compress_size,
                               info.file_size, len(encoded), 0, 0, 0, info.internal_attr, info.external_attr)
        return header, raw, record


_TOO_BIG_ADVICE = (
    "Meestal zijn dat opgemaakte lege rijen of kolommen: selecteer in Excel de rijen onder de tabel "
    "(Ctrl+Shift+End laat zien waar Excel denkt dat het blad eindigt), verwijder ze (rechtsklik > "
    "Verwijderen) en sla de werkmap op."
)


def _encode(name: str) -> tuple[bytes, int]:
    """The name's bytes and the 'UTF-8 name' flag, as zipfile writes them."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _new_entry(name: str, data: bytes) -> tuple[bytes, bytes, bytes]:
    """Local header, deflated bytes and central record (without offset) of a new part: fixed metadata."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    crc = zlib.crc32(data) & 0xFFFFFFFF
    if len(data) > _SIZE_MAX:
        raise PackageError(f"het onderdeel {name} is te groot om op te slaan (meer dan 4 GB).")
    encoded, utf8 = _encode(name)
    # 1980-01-01 00:00:00 in DOS form; unix file mode 0600; 'made by' unix so the mode is read back alike.
    header = _LOCAL.pack(b"PK\003\004", 20, 0, utf8, zipfile.ZIP_DEFLATED, 0, 33, crc, len(raw), len(data),
                         len(encoded), 0) + encoded
    record = _CENTRAL.pack(b"PK\001\002", 20, 3, 20, 0, utf8, zipfile.ZIP_DEFLATED, 0, 33, crc, len(raw),
                           len(data), len(encoded), 0, 0, 0, 0, 0o600 << 16)
    return header, raw, record


# ---------------------------------------------------------------------- relationships


def rels_name(part: str) -> str:
    """The relationships part of a part ('xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels'; '' -> '_rels/.rels')."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target of `source` points to."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def same_type(found: str, wanted: str) -> bool:
    """True when a relationship type is the wanted one (strict OOXML spells the common ones otherwise)."""
    if found == wanted:
        return True
    for a, b in ((REL, _STRICT_REL), (_STRICT_REL, REL)):
        if wanted.startswith(a) and found == b + wanted[len(a):]:
            return True
    return False


def _parse(data: bytes, where: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        raise PackageError(f"{where} is beschadigd (geen geldige XML).") from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Relationships:
    """The relationships of one source part: each as its attributes (Id, Type, Target, TargetMode)."""

    def __init__(self, source: str, data: bytes | None, where: str) -> None:
        self.source = source
        self.items: list[dict[str, str]] = []
        self.changed = False
        if data is not None:
            root = _parse(data, where)
            self.items = [dict(el.attrib) for el in root if _local(el.tag) == "Relationship"]

    def targets(self, rel_type: str) -> list[tuple[str, str]]:
        """(Id, part name) of every internal relationship of a type."""
        return [
            (el.get("Id", ""), resolve(self.source, el.get("Target", "")))
            for el in self.items
            if same_type(el.get("Type", ""), rel_type) and el.get("TargetMode") != "External"
        ]

    def target(self, rel_id: str) -> str | None:
        """The part an internal relationship id points to."""
        for el in self.items:
            if el.get("Id") == rel_id and el.get("TargetMode") != "External":
                return resolve(self.source, el.get("Target", ""))
        return None

    def by_id(self) -> dict[str, tuple[str, str]]:
        """Id -> (type, part name) of every internal relationship."""
        return {
            el.get("Id", ""): (el.get("Type", ""), resolve(self.source, el.get("Target", "")))
            for el in self.items
            if el.get("TargetMode") != "External"
        }

    def add(self, rel_type: str, part: str) -> str:
        """Add a relationship to `part`; returns its new Id."""
        used = {el.get("Id") for el in self.items}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rel_id = f"rId{n}"
        self.items.append({"Id": rel_id, "Type": rel_type, "Target": relative(self.source, part)})
        self.changed = True
        return rel_id

    def remove(self, rel_id: str) -> None:
        """Remove a relationship by Id."""
        kept = [el for el in self.items if el.get("Id") != rel_id]
        if len(kept) != len(self.items):
            self.items = kept
            self.changed = True

    def to_bytes(self) -> bytes:
        """The part as Office writes it."""
        body = "".join(f"<Relationship{_attrs(el)}/>" for el in self.items)
        return XML_DECLARATION + f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'.encode()


def relative(source: str, part: str) -> str:
    """The relationship target from `source` to `part`."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def _attrs(attributes: Mapping[str, str]) -> str:
    from xml.sax.saxutils import quoteattr

    return "".join(f" {k}={quoteattr(v)}" for k, v in attributes.items() if not k.startswith("{"))


# ---------------------------------------------------------------------- content types


class ContentTypes:
    """`[Content_Types].xml`: the Defaults (by extension) and Overrides (by part name), in stored order."""

    def __init__(self, data: bytes, where: str) -> None:
        root = _parse(data, where)
        self.entries: list[tuple[str, dict[str, str]]] = [
            (_local(el.tag), dict(el.attrib)) for el in root if _local(el.tag) in ("Default", "Override")
        ]
        self.changed = False

    def content_type(self, part: str) -> str | None:
        """The content type of a part: its Override, else the Default of its extension."""
        name = "/" + part.lstrip("/")
        for kind, el in self.entries:
            if kind == "Override" and el.get("PartName", "").lower() == name.lower():
                return el.get("ContentType")
        extension = posixpath.splitext(part)[1][1:].lower()
        for kind, el in self.entries:
            if kind == "Default" and el.get("Extension", "").lower() == extension:
                return el.get("ContentType")
        return None

    def ensure_default(self, extension: str, content_type: str) -> None:
        """Declare a Default for an extension unless one exists."""
        if any(k == "Default" and e.get("Extension", "").lower() == extension.lower() for k, e in self.entries):
            return
        at = next((i for i, (k, _e) in enumerate(self.entries) if k == "Override"), len(self.entries))
        self.entries.insert(at, ("Default", {"Extension": extension, "ContentType": content_type}))
        self.changed = True

    def set_override(self, part: str, content_type: str) -> None:
        """Declare the content type of one part."""
        name = "/" + part.lstrip("/")
        for kind, el in self.entries:
            if kind == "Override" and el.get("PartName", "").lower() == name.lower():
                if el.get("ContentType") != content_type:
                    el["ContentType"] = content_type
                    self.changed = True
                return
        self.entries.append(("Override", {"PartName": name, "ContentType": content_type}))
        self.changed = True

    def remove_override(self, part: str) -> None:
        """Forget the Override of a removed part."""
        name = "/" + part.lstrip("/")
        kept = [(k, e) for k, e in self.entries
                if not (k == "Override" and e.get("PartName", "").lower() == name.lower())]
        if len(kept) != len(self.entries):
            self.entries = kept
            self.changed = True

    def to_bytes(self) -> bytes:
        """The part as Office writes it."""
        body = "".join(f"<{kind}{_attrs(el)}/>" for kind, el in self.entries)
        return XML_DECLARATION + f'<Types xmlns="{NS_CT}">{body}</Types>'.encode()


# ---------------------------------------------------------------------- dicts of parts (builder, tests)


def parts_from_bytes(data: bytes, name: str = "werkmap") -> dict[str, bytes]:
    """All parts of a package given as bytes, read whole."""
    return Package.from_bytes(data, name).parts()


def package_bytes(parts: Mapping[str, bytes]) -> bytes:
    """A deterministic zip of the parts, `[Content_Types].xml` first as Office expects."""
    return Package.from_parts(parts).to_bytes()


def read_package(path: str) -> dict[str, bytes]:
    """All parts of a workbook file, read whole (tests; commands open a workbook through the storage layer)."""
    from xlpuzzel.storage import read_file

    return Package.from_bytes(read_file(path).data, str(path)).parts()

