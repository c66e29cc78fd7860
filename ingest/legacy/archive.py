"""Unpacking an uploaded .zip of an export folder, safely: nothing outside the job's folder, nothing lost, no
zip bomb filling the disk the database lives on.

Before anything is written: the member count is checked, every member's name is checked (no absolute path, no
``..``), the sizes the zip's directory declares are added up, and two files of the same name in different
folders are refused (``district_a/firs.csv`` and ``district_b/firs.csv``: the import reads one export folder,
and keeping either would drop the other's rows without a word). Then each member is streamed out with a running
total, and extraction stops at the first byte beyond the size limit or the compression-ratio limit (total
written over the zip's size on disk): the declared sizes can lie, the bytes written cannot. Files land under
their own names in one folder, as the import's profiles name them (``firs.csv``), whatever folder held them
in the zip.

Limits: ``CCTNS_IMPORT_ZIP_MAX_BYTES``, ``CCTNS_IMPORT_ZIP_MAX_RATIO``, ``CCTNS_IMPORT_ZIP_MAX_MEMBERS``
(``records.settings``).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafeArchive(ValueError):
    """The zip cannot be unpacked as it is; the message says which member and why (the API answers 422)."""


@dataclass(frozen=True)
class ZipLimits:
    max_bytes: int  # uncompressed bytes, all members together
    max_ratio: float  # uncompressed bytes per byte of the zip file
    max_members: int


def _member_path(name: str) -> PurePosixPath:
    """The member's path inside the zip, refused when it is absolute or climbs out with ``..``."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        raise UnsafeArchive(f"{name}: an absolute path; a zip of an export folder holds relative paths only")
    path = PurePosixPath(normalised)
    if ".." in path.parts:
        raise UnsafeArchive(f"{name}: the path climbs out of the folder with '..'")
    return path


def _plan(archive: zipfile.ZipFile, limits: ZipLimits) -> list[tuple[zipfile.ZipInfo, str]]:
    """Every file member with the name it will have, after all the checks that need no extraction."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UnsafeArchive(f"the zip holds {len(members)} entries; at most {limits.max_members} are accepted")
    files: list[tuple[zipfile.ZipInfo, str]] = []
    by_name: dict[str, list[str]] = {}
    for member in members:
        path = _member_path(member.filename)
        if member.is_dir() or not path.name:
            continue
        files.append((member, path.name))
        by_name.setdefault(path.name, []).append(str(path))
    clashes = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    if clashes:
        listed = "; ".join(f"{name} in {', '.join(paths)}" for name, paths in sorted(clashes.items()))
        raise UnsafeArchive(
            f"the zip holds files of the same name in different folders ({listed}); an import reads one export "
            "folder: send each folder in a zip of its own"
        )
    declared = sum(member.file_size for member, _ in files)
    if declared > limits.max_bytes:
        raise UnsafeArchive(f"the zip unpacks to {declared:,} bytes; at most {limits.max_bytes:,} are accepted")
    return files


def extract_upload(zip_path: Path, folder: Path, limits: ZipLimits) -> Path:
    """Unpack ``zip_path`` into ``folder`` (created; must not exist) and return it; ``UnsafeArchive`` otherwise,
    with whatever was written removed by the caller (the job's folder is thrown away)."""
    allowed = min(limits.max_bytes, int(limits.max_ratio * max(zip_path.stat().st_size, 1)))
    written = 0
    try:
        with zipfile.ZipFile(zip_path) as archive:
            files = _plan(archive, limits)
            folder.mkdir()
            for member, name in files:
                with archive.open(member) as source, (folder / name).open("wb") as out:
                    while block := source.read(CHUNK):
                        written += len(block)
                        if written > allowed:
                            raise UnsafeArchive(_too_big(member.filename, written, allowed, limits))
                        out.write(block)
    except zipfile.BadZipFile as error:
        raise UnsafeArchive(f"not a readable zip file ({error})") from None
    except (zlib.error, EOFError) as error:
        raise UnsafeArchive(f"the zip is damaged ({error})") from None
    except NotImplementedError as error:
        raise UnsafeArchive(f"the zip uses a compression this server does not read ({error})") from None
    except RuntimeError as error:  # encrypted members
        raise UnsafeArchive(f"the zip cannot be read: {error}") from None
    return folder


def _too_big(member: str, written: int, allowed: int, limits: ZipLimits) -> str:
    if allowed < limits.max_bytes:
        return (
            f"{member}: the zip unpacks to more than {limits.max_ratio:g} times its own size "
            f"({written:,} bytes and counting); it is refused as a possible zip bomb"
        )
    return f"{member}: the zip unpacks to more than {limits.max_bytes:,} bytes; it is refused"
