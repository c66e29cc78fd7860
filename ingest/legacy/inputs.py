"""The files an import reads (one file, or an export folder's files in load order), their checksum (which finds
an unfinished job again), and their headers checked against the profile before any row is read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.legacy.profile import Profile, check_against_header, referenced_columns
from ingest.legacy.readers import DATA_SUFFIXES, ReadError, guess_format, read_header
from ingest.legacy.report import ImportFailure


@dataclass
class Input:
    kind: str  # firs, persons, parties, properties
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def resolve_inputs(path: Path, profile: Profile) -> list[Input]:
    """The files to read, in load order (persons, FIRs, parties, properties) for an export folder; one file
    otherwise."""
    if path.is_dir():
        if profile.files is None:
            raise ImportFailure(f"{path} is a folder; give a file, or a profile with 'files' naming the folder's files")
        inputs = []
        for kind in ("persons", "firs", "parties", "properties"):
            name = getattr(profile.files, kind)
            if name:
                if not (path / name).is_file():
                    raise ImportFailure(f"the profile reads {name} but {path} has no such file")
                inputs.append(Input(kind, path / name))
        return inputs
    if not path.is_file():
        raise ImportFailure(f"{path} does not exist")
    if profile.files is not None and (profile.files.persons or profile.files.parties or profile.files.properties):
        raise ImportFailure(
            f"profile {profile.name!r} reads a folder of files ({profile.files.firs}, ...); give the folder"
        )
    return [Input("firs", path)]


def file_checksum(inputs: list[Input]) -> str:
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(item.name.encode() + b"\0")
        with item.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _headers(profile: Profile, inputs: list[Input]) -> Iterator[tuple[Input, Any, list[str], dict[str, str]] | str]:
    """For each input file: (input, the profile's fields for it, the file's header, columns the FIR file's inline
    party settings read), or a problem line when the header cannot be read."""
    for item in inputs:
        fmt = profile.format if item.kind == "firs" and profile.format else guess_format(item.path)
        try:
            header = read_header(item.path, fmt, sheet=profile.sheet, encoding=profile.csv.encoding,
                                 delimiter=profile.csv.delimiter)  # fmt: skip
        except ReadError as error:
            yield str(error)
            continue
        if fmt == "jsonl" and not header:
            yield f"{item.name} is empty"
            continue
        fields: Any = {"firs": profile.fir, "persons": profile.persons, "parties": profile.party_rows,
                       "properties": profile.property_rows}[item.kind]  # fmt: skip
        extra = {}
        if item.kind == "firs":
            for party in profile.parties:
                for attr in ("column", "age_column", "address_column", "mobile_column"):
                    if getattr(party, attr):
                        extra[f"parties.{party.role}.{attr}"] = getattr(party, attr)
        yield item, fields, list(header), extra  # JSON Lines: the keys of the first object


def check_profile_against_files(profile: Profile, inputs: list[Input]) -> list[str]:
    """Problems with the profile for these files (columns it reads that a header lacks), before any row."""
    problems: list[str] = []
    for found in _headers(profile, inputs):
        if isinstance(found, str):
            problems.append(found)
        else:
            item, fields, header, extra = found
            problems.extend(check_against_header(fields, header, item.name, extra))
    return problems


def unread_sources(profile: Profile, inputs: list[Input]) -> list[str]:
    """What the import will not take, said up front so nothing is dropped silently: data files of an export
    folder that the profile names no reading for, and columns of each file that no field of the profile reads."""
    unread = []
    if profile.files is not None and inputs:
        folder, read = inputs[0].path.parent, {item.path.name for item in inputs}
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix.lower() in DATA_SUFFIXES and path.name not in read:
                unread.append(f"{path.name}: the whole file (the profile reads no such file)")
    for found in _headers(profile, inputs):
        if isinstance(found, str):
            continue
        item, fields, header, extra = found
        used = set(referenced_columns(fields).values()) | set(extra.values())
        if columns := [column for column in header if column and column not in used]:
            unread.append(f"{item.name}: columns {', '.join(columns)}")
    return unread
