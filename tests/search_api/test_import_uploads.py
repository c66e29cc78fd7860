"""What POST /api/v1/imports does with an uploaded .zip (limits, paths, folders) and with a profile name (only
the shipped profiles, never a file of the server)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from sample_data import generate_to_files
from tests.ingest.legacy.test_import import GOOD, write
from tests.search_api.test_imports_api import upload, wait_for

pytest_plugins = ["tests.search_api.test_imports_api"]  # the api fixture

ZEROS = 64 << 20


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _uploads(data_dir: Path) -> list[Path]:
    return [item for item in (data_dir / "imports").rglob("*") if item.is_file()] if data_dir.exists() else []


def test_two_export_folders_in_one_zip_are_refused_naming_both(api: Any, tmp_path: Path) -> None:
    client, headers, _ = api
    register = write(tmp_path / "register.csv", GOOD).read_bytes()
    path = _zip(tmp_path / "two.zip", {"district_a/firs.csv": register, "district_b/firs.csv": register})
    response = upload(client, headers["hq"], path)
    assert response.status_code == 422, response.text
    assert "district_a/firs.csv" in response.text and "district_b/firs.csv" in response.text
    assert _uploads(tmp_path / "data") == []


def test_a_zip_bomb_is_refused_and_nothing_stays_on_the_disk(api: Any, tmp_path: Path) -> None:
    client, headers, _ = api
    path = _zip(tmp_path / "bomb.zip", {"register.csv": bytes(ZEROS)})
    response = upload(client, headers["hq"], path)
    assert response.status_code == 422 and "zip bomb" in response.json()["message"], response.text
    assert _uploads(tmp_path / "data") == []


def test_a_zip_over_the_size_setting_is_refused(api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client, headers, _ = api
    monkeypatch.setenv("CCTNS_IMPORT_ZIP_MAX_BYTES", "1000")
    path = _zip(tmp_path / "big.zip", {"register.csv": write(tmp_path / "register.csv", GOOD * 20).read_bytes()})
    response = upload(client, headers["hq"], path)
    assert response.status_code == 422 and "at most 1,000" in response.json()["message"], response.text


def test_a_member_climbing_out_of_the_folder_is_refused(api: Any, tmp_path: Path) -> None:
    client, headers, _ = api
    path = _zip(tmp_path / "climb.zip", {"../../register.csv": write(tmp_path / "r.csv", GOOD).read_bytes()})
    response = upload(client, headers["hq"], path)
    assert response.status_code == 422 and "climbs out" in response.json()["message"], response.text


def test_a_zipped_export_folder_still_imports(api: Any, tmp_path: Path) -> None:
    client, headers, _ = api
    export = tmp_path / "export"
    generate_to_files(export, 30, seed=4)
    path = _zip(tmp_path / "export.zip", {f"export/{item.name}": item.read_bytes() for item in export.iterdir()})
    response = upload(client, headers["hq"], path, profile="cctns-export")
    assert response.status_code == 202, response.text
    done = wait_for(client, response.json()["id"], headers["hq"])
    assert done["status"] == "done" and done["totals"]["rejected"] == 0 and done["totals"]["accepted"] > 30, done


@pytest.mark.parametrize("name", ["pyproject.toml", "README.md", "mine.yaml", "mine", "../profiles/cctns-export"])
def test_a_profile_is_a_shipped_name_never_a_file_of_the_server(
    api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A valid profile lying in the server's working directory is not read either."""
    client, headers, _ = api
    valid = (Path(__file__).parents[2] / "ingest/legacy/profiles/example-district-register.yaml").read_text()
    for file_name in ("pyproject.toml", "README.md", "mine.yaml", "mine"):
        (tmp_path / file_name).write_text(valid, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    response = upload(client, headers["hq"], write(tmp_path / "register.csv", GOOD), profile=name)
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert "not a shipped profile" in message and "cctns-export, example-district-register" in message
