"""The dashboards' numbers: every page's frames from the rollups equal the same frames computed straight from
the FIR tables, and the NCRB-format table equals counts worked out in Python from the FIR rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboards.data.filters import Filters, month_start
from dashboards.data.ncrb import ncrb_reference_series, ncrb_table
from dashboards.data.pendency import PENDING_AGES, pendency, pending_cutoffs
from dashboards.data.reference import load_reference
from dashboards.data.trends import district_view, overview, women_sc_st
from records.access import Forbidden, Jurisdiction
from records.models import Role

IST = timedelta(hours=5, minutes=30)


def _same(left: pd.DataFrame, right: pd.DataFrame, what: str) -> None:
    assert list(left.columns) == list(right.columns), what
    counts = {"firs", "accused", "arrested", "firs_last_year", "ncrb"}
    keys = [column for column in left.columns if column not in counts]

    def normal(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.sort_values(keys).reset_index(drop=True) if keys else frame.reset_index(drop=True)
        return frame.astype({c: "float64" for c in frame.columns if c in counts}).astype({c: str for c in keys})

    pd.testing.assert_frame_equal(normal(left), normal(right), obj=what)


@pytest.fixture(scope="module")
def places(dashboard_database: sa.Engine) -> tuple[int, int]:
    with dashboard_database.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT s.district_id, f.station_id FROM fir f JOIN police_station s ON s.id = f.station_id "
                "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
            )
        ).one()


def test_every_page_reads_the_same_numbers_from_rollups_as_from_the_fir_tables(
    dashboard_database: sa.Engine, places: tuple[int, int]
) -> None:
    district_id, station_id = places
    wide = Filters(date(2008, 1, 1), month_start(date.today()))
    views = {
        "state": wide,
        "district": Filters(wide.start, wide.end, district_id=district_id),
        "station": Filters(wide.start, wide.end, district_id=district_id, station_id=station_id),
        "penal, one year": Filters(date(2024, 1, 1), date(2024, 12, 1), law="penal"),
        "BNS only": Filters(date(2024, 7, 1), month_start(date.today()), law="BNS"),
        "theft": Filters(wide.start, wide.end, crime_head_id=_head(dashboard_database, "THEFT")),
    }
    checked = 0
    for name, filters in views.items():
        for page in (overview, district_view, pendency, women_sc_st, ncrb_reference_series):
            rollup, direct = page(dashboard_database, filters, "rollup"), page(dashboard_database, filters, "fir")
            frames = rollup.items() if isinstance(rollup, dict) else [("frame", rollup)]
            for key, frame in frames:
                other = direct[key] if isinstance(direct, dict) else direct
                _same(frame, other, f"{page.__name__} {key} ({name})")
                checked += int(frame.select_dtypes("number").sum().sum() > 0)
    assert checked > 40, "the views compared should hold FIRs"


def _head(engine: sa.Engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT id FROM crime_head WHERE code = :c"), {"c": code}).scalar_one()


def _ncrb_counts_from_firs(engine: sa.Engine, year: int) -> Counter[tuple[str, str]]:
    """(district name upper-cased, column) counts, worked out row by row in Python."""
    with engine.connect() as connection:
        heads = {r.id: r for r in connection.execute(sa.text("SELECT id, name_en, sort_order FROM crime_head"))}
        sections = {
            r.id: r
            for r in connection.execute(
                sa.text("SELECT s.id, s.crime_head_id, a.code, a.kind FROM section s JOIN act a ON a.id = s.act_id")
            )
        }
        cited: dict[int, list[int]] = {}
        for fir_id, section_id in connection.execute(sa.text("SELECT fir_id, section_id FROM fir_section")):
            cited.setdefault(fir_id, []).append(section_id)
        firs = connection.execute(
            sa.text(
                "SELECT f.id, f.registered_at, (SELECT a.name FROM district_name_alias a WHERE a.district_id = d.id "
                "AND a.source = 'ncrb' ORDER BY a.id LIMIT 1) AS district FROM fir f "
                "JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id"
            )
        ).all()
    counts: Counter[tuple[str, str]] = Counter()
    for fir in firs:
        if (fir.registered_at.astimezone(UTC) + IST).year != year:
            continue
        with_head = [sections[s] for s in cited.get(fir.id, []) if sections[s].crime_head_id is not None]
        if not with_head:
            continue
        principal = min(with_head, key=lambda s: heads[s.crime_head_id].sort_order)
        if principal.code not in {"IPC", "BNS"}:
            continue  # special and local laws are not in the IPC table
        counts[(fir.district, heads[principal.crime_head_id].name_en.upper())] += 1
        counts[(fir.district, "TOTAL IPC/BNS CRIMES")] += 1
    return counts


def test_ncrb_table_equals_counts_straight_from_the_firs(dashboard_database: sa.Engine) -> None:
    reference = load_reference(dashboard_database)
    for year in (2016, 2024, 2025):
        table = ncrb_table(dashboard_database, year, reference)
        expected = _ncrb_counts_from_firs(dashboard_database, year)
        assert sum(expected.values()) > 0
        districts = table[table["DISTRICT"] != "TOTAL"]
        found = Counter(
            {
                (row["DISTRICT"], column): int(row[column])
                for _, row in districts.iterrows()
                for column in table.columns[3:]
                if int(row[column])
            }
        )
        assert found == expected, year
        total = table[table["DISTRICT"] == "TOTAL"].iloc[0]
        assert int(total["TOTAL IPC/BNS CRIMES"]) == sum(v for (_, c), v in expected.items() if c.startswith("TOTAL"))
        assert list(table.columns[:3]) == ["STATE/UT", "DISTRICT", "YEAR"]
        assert len(districts) == 44


def test_a_district_sp_scope_cannot_be_widened_by_the_url(dashboard_database: sa.Engine) -> None:
    from dashboards.components.filters import parse_view

    reference = load_reference(dashboard_database)
    vaishali = int(reference.districts.loc[reference.districts["code"] == "VAISHALI", "id"].iloc[0])
    access = Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)
    view = parse_view({"district": "PATNA", "from": "2020-13", "law": "XYZ"}, reference, access)
    assert view.filters.district_id == vaishali
    assert any("own jurisdiction" in problem for problem in view.problems)
    assert any("from='2020-13'" in problem for problem in view.problems)
    assert any("law='XYZ'" in problem for problem in view.problems)
    table = ncrb_table(dashboard_database, 2024, reference, access)
    assert list(table["DISTRICT"]) == ["VAISHALI", "TOTAL"]


@pytest.mark.parametrize(
    "today",
    [
        date.today(),
        date(2026, 4, 1),  # both cutoffs in January (31 Jan and 1 Jan)
        date(2026, 5, 1),  # cutoffs two months apart (2 Mar and 31 Jan): February is whole for 60 days only
        date(2025, 3, 31),  # 60 days before is 30 Jan, 90 days before 31 Dec of the year before
    ],
)
def test_pendency_equals_pending_firs_counted_from_the_fir_rows(
    dashboard_database: sa.Engine, places: tuple[int, int], today: date
) -> None:
    district_id, _station = places
    with dashboard_database.connect() as connection:
        firs = connection.execute(
            sa.text(
                "SELECT f.registered_at, f.status::text AS status, f.station_id, s.district_id "
                "FROM fir f JOIN police_station s ON s.id = f.station_id"
            )
        ).all()
    compared: Counter[str] = Counter()
    for filters, unit in (
        (Filters.default(today), "district_id"),
        (
            Filters(Filters.default(today).start, Filters.default(today).end, district_id=district_id),
            "station_id",
        ),
    ):
        frames = pendency(dashboard_database, filters, today=today)
        for age, cutoff in pending_cutoffs(today).items():
            expected = Counter(
                getattr(fir, unit)
                for fir in firs
                if fir.status in ("registered", "under_investigation")
                and (fir.registered_at.astimezone(UTC) + IST).date() < cutoff
                and (filters.district_id is None or fir.district_id == filters.district_id)
            )
            got = {int(row[unit]): int(row["firs"]) for _, row in frames[f"pending_{age}"].iterrows()}
            assert got == dict(expected), f"pending beyond {age} (before {cutoff}) by {unit} as of {today}"
            compared[age] += sum(expected.values())
    assert all(compared[age] > 0 for age in PENDING_AGES), f"pending FIRs of every age expected: {compared}"


def test_pendency_ages_reach_back_one_three_and_five_years() -> None:
    cutoffs = pending_cutoffs(date(2028, 2, 29))
    assert PENDING_AGES == ("60", "90", "1y", "3y", "5y")
    assert cutoffs == {
        "60": date(2027, 12, 31),
        "90": date(2027, 12, 1),
        "1y": date(2027, 2, 28),  # no 29 February a year before: the day before 1 March
        "3y": date(2025, 2, 28),
        "5y": date(2023, 2, 28),
    }


def test_month_choices_and_the_jurisdiction_notice_are_in_the_chosen_language(dashboard_database: sa.Engine) -> None:
    from dashboards.components.filters import month_options, parse_view

    hindi = month_options("hi", today=date(2026, 3, 15))
    assert hindi[0] == {"label": "मार्च 2026", "value": "2026-03"} and hindi[-1]["label"] == "जनवरी 2008"
    assert month_options("en", today=date(2026, 3, 15))[0]["label"] == "Mar 2026"
    reference = load_reference(dashboard_database)
    vaishali = int(reference.districts.loc[reference.districts["code"] == "VAISHALI", "id"].iloc[0])
    access = Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)
    view = parse_view({"district": "PATNA", "lang": "hi"}, reference, access)
    assert any("क्षेत्राधिकार" in problem for problem in view.problems)


def test_filters_are_narrowed_by_the_jurisdiction_and_a_wider_ask_is_named(dashboard_database: sa.Engine) -> None:
    reference = load_reference(dashboard_database)
    stations = reference.stations.merge(reference.districts[["id", "code"]], left_on="district_id", right_on="id",
                                        suffixes=("", "_district"))  # fmt: skip
    vaishali_station = stations[stations["code_district"] == "VAISHALI"].iloc[0]
    patna_station = stations[stations["code_district"] == "PATNA"].iloc[0]
    vaishali, patna = int(vaishali_station["district_id"]), int(patna_station["district_id"])
    wide = Filters(date(2024, 1, 1), date(2024, 12, 1))
    sp = Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)
    # Another district's station, alone or with the SP's own district: dropped, the SP's district shown.
    for asked in (
        Filters(wide.start, wide.end, station_id=int(patna_station["id"])),
        Filters(wide.start, wide.end, district_id=vaishali, station_id=int(patna_station["id"])),
        Filters(wide.start, wide.end, district_id=patna),
    ):
        narrowed, refused = asked.within(sp, reference)
        assert (narrowed.district_id, narrowed.station_id) == (vaishali, None)
        assert len(refused) == 1 and "own district" in refused[0]
    own = Filters(wide.start, wide.end, station_id=int(vaishali_station["id"]))
    assert own.within(sp, reference) == (replace(own, district_id=vaishali), [])
    # A station officer always gets their station, whatever is asked.
    officer = Jurisdiction(Role.STATION_OFFICER, station_id=int(vaishali_station["id"]))
    for asked in (wide, Filters(wide.start, wide.end, station_id=int(patna_station["id"]))):
        narrowed, _ = asked.within(officer, reference)
        assert (narrowed.district_id, narrowed.station_id) == (vaishali, int(vaishali_station["id"]))
    # State-wide readers keep what they asked for; administrators and accounts without their place are refused.
    investigator = Jurisdiction(Role.INVESTIGATOR)
    assert replace(wide, district_id=patna).within(investigator, reference) == (replace(wide, district_id=patna), [])
    with pytest.raises(Forbidden, match="administrators"):
        wide.within(Jurisdiction(Role.ADMIN), reference)
    with pytest.raises(Forbidden, match="not the whole state"):
        wide.within(Jurisdiction(Role.STATION_OFFICER), reference)
    with pytest.raises(Forbidden, match="not the whole state"):
        wide.within(Jurisdiction(Role.DISTRICT_SP), reference)
