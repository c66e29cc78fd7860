"""``cctns import`` as an operator runs it: draft a profile from a file, check it, import, read the summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cctns.cli import app
from ingest.legacy.profile import load_profile
from tests.ingest.legacy.test_import import BAD, GOOD, write

runner = CliRunner()


@pytest.fixture
def on_scratch(scratch_database: Callable[[str], sa.Engine], monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    engine = scratch_database("cli")
    monkeypatch.setenv("CCTNS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def test_draft_check_then_import_with_a_summary_and_a_rejects_file(on_scratch: sa.Engine, tmp_path: Path) -> None:
    data = write(tmp_path / "register.csv", [*GOOD, BAD[2][0]])
    draft = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["import", str(data), "--draft-profile", str(draft)])
    assert result.exit_code == 0, result.output
    drafted = load_profile(str(draft))  # a valid profile: the operator edits it from here
    assert drafted.fir.station.column == "PS Name" and drafted.fir.number.column == "Case No"
    assert [party.column for party in drafted.parties] == ["Accused", "Complainant"]

    checked = runner.invoke(app, ["import", str(data), "--mapping", "example-district-register", "--check"])
    assert checked.exit_code == 0, checked.output
    assert "Check (nothing written)" in checked.output and "unknown_station" in checked.output
    with on_scratch.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == 0

    rejects = tmp_path / "rejects.csv"
    imported = runner.invoke(
        app, ["import", str(data), "--mapping", "example-district-register", "--rejects", str(rejects)]
    )
    assert imported.exit_code == 0, imported.output
    assert "4 rows read = 3 accepted + 1 rejected" in " ".join(imported.output.split())
    assert "unknown_station" in imported.output and rejects.exists()
    assert "Atlantis PS" in rejects.read_text(encoding="utf-8-sig")


def test_clear_errors_for_a_missing_profile_or_file(on_scratch: sa.Engine, tmp_path: Path) -> None:
    data = write(tmp_path / "register.csv", GOOD)
    result = runner.invoke(app, ["import", str(data), "--mapping", "nope"])
    assert result.exit_code == 2 and "no shipped profile of that name" in result.output
    result = runner.invoke(app, ["import", str(data)])
    assert result.exit_code == 2 and "--mapping" in result.output
    result = runner.invoke(app, ["import", str(tmp_path / "absent.csv"), "--mapping", "example-district-register"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_the_operator_is_named_in_the_audit_and_may_hold_an_import_to_a_district(
    on_scratch: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: ``cctns import`` is the server's operator: audited by login name, any station unless --district."""
    monkeypatch.setenv("USER", "ops.tester")
    monkeypatch.setenv("LOGNAME", "ops.tester")
    data = write(tmp_path / "register.csv", GOOD)
    held = runner.invoke(app, ["import", str(data), "--mapping", "example-district-register", "--district", "PATNA"])
    assert held.exit_code == 0, held.output
    assert "outside_jurisdiction" in held.output
    unknown = runner.invoke(app, ["import", str(data), "--mapping", "example-district-register", "--district", "XX"])
    assert unknown.exit_code == 2 and "no district with code 'XX'" in unknown.output
    imported = runner.invoke(app, ["import", str(data), "--mapping", "example-district-register"])
    assert imported.exit_code == 0, imported.output
    with on_scratch.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT user_id, action, detail FROM audit_log WHERE entity_type = 'fir' ORDER BY id")
        ).all()
    assert len(rows) == len(GOOD)
    assert {(r.user_id, r.action, r.detail["via"]) for r in rows} == {(None, "create", "command line (ops.tester)")}
