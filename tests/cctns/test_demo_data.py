"""What ``cctns demo`` generates and loads: Vaishali at its real volume up to yesterday (IST), the NCRB series
and the map's boundaries from ``../shared/data`` when it is beside the checkout, and a clear line when not."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cctns.demo_data import (
    BOUNDARIES_FILE,
    NCRB_FOLDER,
    demo_focus,
    ensure_open_data,
    shared_data_dir,
    today_in_india,
)
from records.database import Database
from records.models import AuditEntry
from records.settings import get_settings
from sample_data import default_inputs
from sample_data.firs import Generator
from sample_data.profile import ipc_share, year_weights

CHECKOUT = Path(__file__).resolve().parents[2]
SHARED = next((p / "shared" / "data" for p in CHECKOUT.parents[:2] if (p / "shared" / "data").is_dir()), CHECKOUT)
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def demo_generator() -> Generator:
    inputs = default_inputs(TODAY, demo_focus(TODAY))
    return Generator(inputs, inputs.focus_firs(), seed=1)


def test_the_full_volume_covers_the_last_three_years_of_at_least_six_months() -> None:
    assert demo_focus(date(2026, 12, 7)).full_from_year == 2024
    assert demo_focus(date(2026, 7, 1)).full_from_year == 2024
    assert demo_focus(date(2027, 2, 10)).full_from_year == 2024  # January of 2027 does not count as a year


def test_the_day_in_india_turns_at_midnight_ist_not_utc() -> None:
    assert today_in_india(datetime(2026, 12, 6, 18, 29, tzinfo=UTC)) == date(2026, 12, 6)
    assert today_in_india(datetime(2026, 12, 6, 18, 31, tzinfo=UTC)) == date(2026, 12, 7)


def test_vaishali_stations_get_several_hundred_firs_a_year_and_the_rest_is_thinner(demo_generator: Generator) -> None:
    per_station: Counter[tuple[str, int]] = Counter()
    per_district: Counter[tuple[str, int]] = Counter()
    for cell in demo_generator.cells:
        per_station[cell.station.station.code, cell.year] += cell.count
        per_district[cell.station.district.code, cell.year] += cell.count
    vaishali = [p.station.code for p in demo_generator.inputs.plan.stations if p.district.code == "VAISHALI"]
    assert len(vaishali) == 16
    for year in (2024, 2025, 2026):  # the recent years at real volume
        counts = [per_station[code, year] for code in vaishali]
        assert min(counts) >= 200, (year, counts)  # several hundred a station a year
        # the district's IPC/BNS share matches NCRB's IPC volume for it (state volume x district share)
        expected = year_weights(TODAY)[year] * demo_generator.inputs.plan.district_weight["VAISHALI"] / ipc_share()
        assert abs(per_district["VAISHALI", year] - expected) < 0.05 * expected, year
    expected = year_weights(TODAY)[2023] * demo_generator.inputs.plan.district_weight["VAISHALI"] / ipc_share()
    assert abs(per_district["VAISHALI", 2023] - expected / 2) < 0.1 * expected  # halving back from the full years
    # Other districts are a thin sample, and still present in every district.
    others = {code for code, year in per_district if code != "VAISHALI"}
    assert len(others) >= 40
    patna_2025 = per_district["PATNA", 2025]
    assert 0 < patna_2025 < per_district["VAISHALI", 2025] / 5
    # Repeat offenders mostly live where the FIRs are.
    homes = Counter(demo_generator.people._home_district[1:])
    assert homes.most_common(1)[0][0] == "VAISHALI"


def test_firs_run_up_to_yesterday_so_the_current_month_is_not_empty(demo_generator: Generator) -> None:
    last_cells = [i for i, cell in enumerate(demo_generator.cells) if cell.year == TODAY.year]
    latest = max(max(demo_generator.plan.registration_times(i)) for i in last_cells)
    assert latest.date() == TODAY - timedelta(days=1)
    by_month = Counter(moment.month for i in last_cells for moment in demo_generator.plan.registration_times(i))
    # Six days of December at about November's daily rate: the monthly line does not fall to zero.
    assert by_month[12] / 6 > 0.7 * by_month[11] / 30
    assert by_month[11] / 30 > 25  # a district at real volume: about 30 FIRs a day


def test_without_a_focus_the_generation_is_unchanged() -> None:
    plain = default_inputs(TODAY)
    assert plain.focus_firs() == 0
    generator = Generator(plain, 2_000, seed=1)
    assert generator.people.pool_by_district == Generator(plain, 2_000, seed=1).people.pool_by_district
    assert sum(cell.count for cell in generator.cells if cell.station.district.code == "VAISHALI") < 200


def test_shared_data_is_found_beside_the_checkout_or_not_at_all(tmp_path: Path) -> None:
    checkout = tmp_path / "work" / "wt" / "branch"
    checkout.mkdir(parents=True)
    assert shared_data_dir([checkout]) is None
    (tmp_path / "work" / "shared" / "data").mkdir(parents=True)  # beside the main checkout, above a worktree
    assert shared_data_dir([tmp_path / "elsewhere" / "x", checkout]) == tmp_path / "work" / "shared" / "data"
    (tmp_path / "work" / "wt" / "shared" / "data").mkdir(parents=True)  # right beside it wins
    assert shared_data_dir([checkout]) == tmp_path / "work" / "wt" / "shared" / "data"


def _clear_ncrb(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM ncrb_reference_count"))


def test_without_shared_data_the_demo_says_the_comparison_and_the_map_are_empty(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CCTNS_GEO_BOUNDARIES_PATH", raising=False)
    _clear_ncrb(engine)
    result = ensure_open_data(Database(engine), get_settings(), None)
    assert result.boundaries is None
    text = "\n".join(result.messages)
    assert "NCRB reference series: not loaded" in text and "cctns ncrb load DIR" in text
    assert "District map: no boundaries" in text and "CCTNS_GEO_BOUNDARIES_PATH" in text
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM ncrb_reference_count")).scalar_one() == 0


@pytest.mark.skipif(not (SHARED / NCRB_FOLDER).is_dir(), reason=f"shared data not found at {SHARED}")
def test_with_shared_data_the_demo_loads_ncrb_once_audited_and_points_the_map_at_its_boundaries(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CCTNS_GEO_BOUNDARIES_PATH", raising=False)
    # A copy of the folder (outside the repository) so the test also holds where the real one has no map.
    shared = tmp_path / "shared" / "data"
    shutil.copytree(SHARED / NCRB_FOLDER, shared / NCRB_FOLDER)
    (shared / BOUNDARIES_FILE).parent.mkdir(parents=True)
    (shared / BOUNDARIES_FILE).write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    _clear_ncrb(engine)
    started = datetime.now(UTC)
    try:
        result = ensure_open_data(Database(engine), get_settings(), shared)
        assert result.boundaries == shared / BOUNDARIES_FILE
        assert result.messages[0].startswith("NCRB reference series: ")
        assert "years 2001-2022" in result.messages[0]
        with engine.connect() as connection:
            vaishali_2022 = connection.execute(
                sa.text(
                    "SELECT r.count FROM ncrb_reference_count r JOIN police_district d ON d.id = r.district_id "
                    "WHERE d.code = 'VAISHALI' AND r.year = 2022 AND r.crime_head_code = 'TOTAL'"
                )
            ).scalar_one()
            assert vaishali_2022 > 1_000
            audited = connection.execute(
                sa.select(sa.func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity_type == "ncrb_reference", AuditEntry.at >= started - timedelta(seconds=5))
            ).scalar_one()
            assert audited >= 1
        again = ensure_open_data(Database(engine), get_settings(), shared)
        assert "already loaded" in again.messages[0]
        # A boundaries file set in the settings wins over the shared one.
        monkeypatch.setenv("CCTNS_GEO_BOUNDARIES_PATH", "/srv/maps/bihar.geojson")
        chosen = ensure_open_data(Database(engine), get_settings(), shared)
        assert chosen.boundaries == Path("/srv/maps/bihar.geojson")
    finally:
        _clear_ncrb(engine)


def test_the_chosen_boundaries_reach_the_dashboards_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from cctns.demo_data import use_boundaries

    monkeypatch.delenv("CCTNS_GEO_BOUNDARIES_PATH", raising=False)  # restored after the test
    use_boundaries(None)
    assert get_settings().geo_boundaries_path is None
    use_boundaries(tmp_path / "bihar.geojson")
    assert get_settings().geo_boundaries_path == tmp_path / "bihar.geojson"
