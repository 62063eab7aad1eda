"""The workbook file as an OOXML package: parts in, parts out, written atomically.

Every writer of the project goes through :func:`write_package` so that parts it does not
mean to change are copied byte for byte, the zip is deterministic (same parts, same
bytes) and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
import zlib
from pathlib import Path

from xlpuzzel.errors import UnusableWorkbook

#: Fixed zip timestamp so that rebuilding gives the same bytes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class PackageError(UnusableWorkbook):
    """The file cannot be read or written as a workbook; the message is Dutch and names the file."""


def read_package(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """All parts of a workbook file, in their stored order."""
    if Path(path).is_dir():
        raise PackageError(f"{path}: dit is een map, geen werkmap.")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise PackageError(f"{path}: bestand niet gevonden.") from exc
    except IsADirectoryError as exc:
        raise PackageError(f"{path}: dit is een map, geen werkmap.") from exc
    except PermissionError as exc:
        raise PackageError(f"{path}: geen leesrechten.") from exc
    return parts_from_bytes(data, str(path))


def parts_from_bytes(data: bytes, name: str = "werkmap") -> dict[str, bytes]:
    """All parts of a workbook given as bytes."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PackageError(
            f"{name}: dit bestand is met een wachtwoord beveiligd of in het oude .xls-formaat; "
            "sla het in Excel op als .xlsm zonder wachtwoord."
        )
    if len(data) == 0:
        raise PackageError(f"{name}: het bestand is leeg.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {info.filename: zf.read(info) for info in zf.infolist()}
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error, NotImplementedError, RuntimeError) as exc:
        # A damaged member surfaces as zlib.error, an unsupported compression as
        # NotImplementedError and an encrypted member as RuntimeError: all "not a workbook".
        raise PackageError(f"{name}: geen Excel-werkmap (geen geldig .xlsx/.xlsm-bestand).") from exc


def package_bytes(parts: dict[str, bytes]) -> bytes:
    """A deterministic zip of the parts, `[Content_Types].xml` first as Office expects."""
    buffer = io.BytesIO()
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def lock_file(path: Path) -> Path:
    """The lock file Excel keeps next to an open workbook (`~$name.xlsm`)."""
    return path.with_name("~$" + path.name[2:] if len(path.name) > 2 else "~$" + path.name)


def check_writable(path: Path) -> None:
    """Refuse (PackageError) when Excel has the file open or it cannot be replaced."""
    for lock in (path.with_name("~$" + path.name), lock_file(path)):
        if lock.exists():
            raise PackageError(
                f"{path}: de werkmap is geopend in Excel (vergrendelbestand {lock.name}). "
                "Sluit de werkmap en probeer het opnieuw; er is niets opgeslagen."
            )
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        raise PackageError(f"{path}: geen schrijfrechten in de map {folder}; er is niets opgeslagen.")
    if path.exists() and not os.access(path, os.W_OK):
        raise PackageError(f"{path}: het bestand is alleen-lezen; er is niets opgeslagen.")


def atomic_write(path: str | os.PathLike[str], data: bytes, backup: bool = False) -> None:
    """Write `data` to a temp file beside `path`, then replace; keep one `.bak` copy if asked."""
    target = Path(path)
    check_writable(target)
    fd, tmp = tempfile.mkstemp(prefix=".~puzzel-", suffix=target.suffix, dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); the workbook keeps the mode it had, or gets the default.
        os.chmod(tmp, _file_mode(target))
        if backup and target.exists():
            bak = target.with_name(target.name + ".bak")
            bak.write_bytes(target.read_bytes())
        os.replace(tmp, target)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise PackageError(f"{target}: opslaan mislukt ({exc.strerror}); er is niets gewijzigd.") from exc
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _file_mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_package(path: str | os.PathLike[str], parts: dict[str, bytes], backup: bool = False) -> None:
    """Write the parts as a workbook file, atomically."""
    atomic_write(path, package_bytes(parts), backup=backup)


def write_new_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` as a file that does not exist yet: never over a file, even one made in the meantime.

    The bytes go to a temporary file beside the target, which is then hard-linked to its name
    (an atomic create that fails when the name exists); where the file system has no hard
    links, an exclusive create is the fallback.
    """
    target = Path(path)
    check_writable(target)
    exists = PackageError(
        f"{target} bestaat al; er is niets geschreven. Kies een andere naam, of vervang het bewust (--overschrijf)."
    )
    if target.exists() or target.is_symlink():
        raise exists
    fd, tmp = tempfile.mkstemp(prefix=".~puzzel-", suffix=target.suffix, dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(target))
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise exists from None
        except OSError:
            with open(target, "xb") as fh:  # no hard links here: exclusive create, then the bytes
                fh.write(data)
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        raise PackageError(f"{target}: opslaan mislukt ({exc.strerror}); er is niets geschreven.") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
