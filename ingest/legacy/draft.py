"""A starting profile drafted from a file's header: each column our fields are known by is mapped, the rest
are listed as comments for the operator to place."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.legacy.readers import guess_format, read_header, sample_rows

# Our field -> words a header of that column usually contains (lower case, compared without punctuation).
GUESSES: dict[str, tuple[str, ...]] = {
    "station": ("station", "ps name", "police station", "unitname", "unit name", "thana", "थाना"),
    "district": ("district", "जिला"),
    "number": ("fir no", "firno", "fir number", "case no", "crime no", "serial", "कांड संख्या", "प्राथमिकी संख्या"),
    "year": ("year", "वर्ष"),
    "registered_at": ("fir date", "fir_date", "registered", "date of fir", "reg date", "दिनांक"),
    "occurrence_from": ("occurrence from", "offence from", "offence_from", "date of occurrence", "घटना"),
    "occurrence_to": ("occurrence to", "offence to", "offence_to"),
    "sections": ("act", "section", "धारा"),
    "crime_head": ("crime head", "crimehead", "head", "crime group"),
    "status": ("status", "stage", "स्थिति"),
    "io_name": ("io name", "ioname", "investigating officer", "io"),
    "place_address": ("place of occurrence", "place of offence", "place", "address", "घटनास्थल"),
    "beat": ("beat",),
    "brief_facts": ("brief facts", "facts", "details", "विवरण"),
    "information_type": ("complaint mode", "information type", "mode"),
}
PARTY_GUESSES = {
    "accused": ("accused name", "accused", "अभियुक्त"),
    "complainant": ("complainant", "informant", "वादी", "सूचक"),
}


def _plain(text: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", text.lower()).strip()


def _match(header: list[str], words: tuple[str, ...], taken: set[str]) -> str | None:
    for word in words:  # the most specific words come first
        for column in header:
            if column not in taken and (_plain(column) == word or word in _plain(column)):
                return column
    return None


def draft_profile(path: Path, sheet: str | None = None) -> str:
    """YAML text of a profile for ``path``; the operator checks it with ``cctns import FILE --check``."""
    fmt = guess_format(path)
    header = read_header(path, fmt, sheet=sheet)
    samples = sample_rows(path, fmt, limit=3, sheet=sheet)
    taken: set[str] = set()
    mapped: dict[str, str] = {}
    for field, words in GUESSES.items():
        column = _match(header, words, taken)
        if column is not None:
            mapped[field] = column
            taken.add(column)

    def holds_names(column: str) -> bool:
        values = [row.values.get(column) for row in samples if row.values.get(column) is not None]
        return not values or any(isinstance(v, str) and not v.strip().isdigit() for v in values)

    parties = {
        role: column
        for role, words in PARTY_GUESSES.items()
        if (column := _match(header, words, taken)) is not None and holds_names(column)
    }
    taken.update(parties.values())

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"# Drafted from {path.name}: check every mapping, then run `cctns import {path.name} --mapping THIS --check`.",
        f"name: {quoted(path.stem)}",
        "description: Drafted from the file's header; edit before use",
        f"source: {quoted(re.sub(r'[^a-z0-9]+', '-', path.stem.lower()).strip('-')[:60] or 'legacy')}",
        f"format: {fmt}",
    ]
    if sheet:
        lines.append(f"sheet: {quoted(sheet)}")
    lines += [
        "on_existing: update  # or skip: leave FIRs already in the database as they are",
        "date_formats: ['%d/%m/%Y', '%d-%m-%Y', '%d-%m-%y', excel, iso]",
        "stations:",
        "  match: name",
        "  create_unknown: false  # true: create a station the list lacks, under the row's district",
        "sections:",
        "  default_act: IPC",
        "  on_unknown: reject  # keep: import the FIR with the citation as written",
        "status:",
        "  default: registered",
        "  map: {}  # 'word in the file': one of registered, under_investigation, charge_sheeted, ...",
        "fir:",
    ]
    for field in ("station", "number", "registered_at"):
        lines.append(f"  {field}: {quoted(mapped[field])}" if field in mapped else f"  {field}: COLUMN?  # required")
    for field, column in mapped.items():
        if field not in {"station", "number", "registered_at"}:
            lines.append(f"  {field}: {quoted(column)}")
    if parties:
        lines.append("parties:")
        for role, column in parties.items():
            lines += [f"  - role: {role}", f"    column: {quoted(column)}", "    split: ';'"]
    unmapped = [column for column in header if column and column not in taken]
    if unmapped:
        lines.append("# Columns not mapped (first values in brackets):")
        for column in unmapped:
            values = ", ".join(
                str(row.values.get(column))[:30] for row in samples if row.values.get(column) is not None
            )
            lines.append(f"#   {column}  [{values}]")
    return "\n".join(lines) + "\n"
