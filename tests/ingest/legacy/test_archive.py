"""Unpacking an uploaded zip: limits on size, ratio and entries checked while streaming (declared sizes may
lie), no path outside the folder, and two files of one name in different folders refused, never flattened."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from ingest.legacy.archive import UnsafeArchive, ZipLimits, extract_upload

LIMITS = ZipLimits(max_bytes=1 << 30, max_ratio=100, max_members=10)
ZEROS = 64 << 20  # 64 MiB of zeros: a zip of about 64 KB


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def written(folder: Path) -> int:
    return sum(item.stat().st_size for item in folder.rglob("*") if item.is_file()) if folder.exists() else 0


def test_an_export_folder_in_a_zip_lands_flat_under_its_file_names(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"export/firs.csv": b"a,b\n1,2\n", "export/persons.jsonl": b"{}\n"})
    folder = extract_upload(path, tmp_path / "out", LIMITS)
    assert sorted(item.name for item in folder.iterdir()) == ["firs.csv", "persons.jsonl"]
    assert (folder / "firs.csv").read_bytes() == b"a,b\n1,2\n"


def test_two_files_of_one_name_in_different_folders_are_refused_not_flattened(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"district_a/firs.csv": b"a\n1\n", "district_b/firs.csv": b"a\n2\n"})
    with pytest.raises(UnsafeArchive, match=r"firs.csv in district_a/firs.csv, district_b/firs.csv") as refused:
        extract_upload(path, tmp_path / "out", LIMITS)
    assert "zip of its own" in str(refused.value) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["/etc/cron.d/x.csv", "C:\\temp\\x.csv", "../x.csv", "export/../../x.csv"])
def test_absolute_paths_and_dot_dot_are_refused(tmp_path: Path, name: str) -> None:
    path = make_zip(tmp_path / "x.zip", {"firs.csv": b"a\n", name: b"a\n"})
    with pytest.raises(UnsafeArchive, match=r"absolute path|climbs out"):
        extract_upload(path, tmp_path / "out", LIMITS)
    assert not (tmp_path / "out").exists()


def test_too_many_entries_are_refused_before_extraction(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {f"f{number}.csv": b"a\n" for number in range(11)})
    with pytest.raises(UnsafeArchive, match="11 entries; at most 10"):
        extract_upload(path, tmp_path / "out", LIMITS)


def test_a_declared_size_over_the_limit_is_refused_before_extraction(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"firs.csv": b"\0" * (2 << 20)})
    with pytest.raises(UnsafeArchive, match="unpacks to 2,097,152 bytes; at most 1,048,576"):
        extract_upload(path, tmp_path / "out", ZipLimits(1 << 20, 10_000, 10))
    assert not (tmp_path / "out").exists()


def test_a_zip_bomb_stops_at_the_ratio_limit(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bomb.zip", {"firs.csv": bytes(ZEROS)})
    size = path.stat().st_size
    assert 100 * size < ZEROS
    with pytest.raises(UnsafeArchive, match=r"100 times its own size.*zip bomb"):
        extract_upload(path, tmp_path / "out", LIMITS)
    assert written(tmp_path / "out") <= 100 * size


def _lie_about_sizes(path: Path, size: int) -> None:
    """Rewrite the uncompressed size in the local header and the central directory (the zip still opens)."""
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, size)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def test_a_zip_lying_about_its_sizes_is_stopped_or_refused_without_filling_the_disk(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "liar.zip", {"firs.csv": bytes(ZEROS)})
    _lie_about_sizes(path, 1000)
    assert zipfile.ZipFile(path).infolist()[0].file_size == 1000
    with pytest.raises(UnsafeArchive):
        extract_upload(path, tmp_path / "out", ZipLimits(1 << 20, 10_000, 10))
    assert written(tmp_path / "out") <= 1 << 20


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"firs,no\n")
    with pytest.raises(UnsafeArchive, match="not a readable zip"):
        extract_upload(path, tmp_path / "out", LIMITS)
