"""The system as ``pip install .`` ships it, not as the source tree runs it: the wheel holds every file read at
run time, and installed in a fresh virtual environment, from a directory outside the repository, it migrates a
database, generates an export and imports it with the shipped ``cctns-export`` profile."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database
from records.database import create_db_engine, sqlalchemy_url
from tests.support import scratch_name, server_url_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tuple(  # every top-level package the wheel ships, as pyproject.toml names them
    pattern.rstrip("*")
    for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"][
        "include"
    ]
)
NOT_SHIPPED = ("__pycache__", "*.pyc")


def runtime_files(root: Path) -> list[str]:
    """Every file of the packages that is not Python source: templates, static files, data, profiles."""
    found = []
    for package in PACKAGES:
        for path in (root / package).rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts:
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def run(command: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def empty_database(database_url: str) -> Iterator[str]:
    """A database with no schema at all: the installed package migrates it itself."""
    name = scratch_name(database_url, "wheel")
    server = server_url_of(database_url)
    drop_database(server, name)
    admin = create_db_engine(sqlalchemy_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield sqlalchemy_url(server).set(database=name).render_as_string(hide_password=False)
    drop_database(server, name)


@pytest.mark.slow
def test_the_installed_wheel_runs_an_import_with_its_shipped_profile(empty_database: str, tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: building must not write into the working tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source])
    (wheel,) = dist.glob("cctns-*.whl")

    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in runtime_files(source) if name not in shipped] == []

    env = tmp_path / "env"
    run([sys.executable, "-m", "venv", "--without-pip", env])
    python = env / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel])
    # dependencies come from the test's environment, after the fresh one's own site-packages (no network)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "test_environment_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "CCTNS_"))}
    environment.update(
        PATH=f"{env / 'bin'}{os.pathsep}{environment.get('PATH', '')}",
        CCTNS_DATABASE_URL=empty_database,
        CCTNS_DATA_DIR=str(outside / "data"),
        CCTNS_SEARCH_PRELOAD="false",
    )
    cctns = env / "bin" / "cctns"
    here = {"cwd": outside, "env": environment}

    where = run([python, "-c", "import ingest.legacy.profile as p; print(p.PROFILES_DIR)"], **here)
    assert Path(where.stdout.strip()).is_relative_to(env), where.stdout
    run([cctns, "db", "upgrade"], **here)
    run([cctns, "generate", "--firs", "40", "--seed", "3", "--out", "export"], **here)
    checked = run([cctns, "import", "export", "--mapping", "cctns-export", "--check"], **here)
    said = checked.stdout + checked.stderr
    assert "Check (nothing written)" in said and re.search(r"(\d+) rows read = \1 accepted \+ 0 rejected", said), said
    imported = run([cctns, "import", "export", "--mapping", "cctns-export"], **here)
    engine = create_db_engine(empty_database)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == 40, imported.stderr
    engine.dispose()
