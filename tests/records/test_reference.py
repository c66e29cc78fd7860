"""The shipped reference data and its loader: districts and the crosswalk, stations, acts, sections, heads.

Tests that check the crosswalk against the real NCRB tables, the boundary file and LGD read them from
``../shared/data`` (beside the repository) and are skipped, saying so, when that folder is missing.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import (
    Act,
    AuditEntry,
    CrimeHead,
    DistrictKind,
    DistrictNameAlias,
    PoliceDistrict,
    PoliceStation,
    Section,
    SectionCorrespondence,
    State,
)
from records.reference import read_reference_table
from records.reference.districts import NCRB_NON_DISTRICT_UNITS, district_index, district_key, resolve_district
from records.reference.law import IPC_WITHOUT_BNS_COUNTERPART
from records.reference.load import load_reference_data
from records.reference.station_file import StationFileError, load_stations_csv

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
NCRB_FILES = sorted([*SHARED_DATA.glob("ncrb_district_ipc/*.csv"), *SHARED_DATA.glob("ncrb_district_women/*.csv")])
GEOJSON = SHARED_DATA / "geo_bihar" / "bihar_districts.geojson"
LGD_DISTRICTS = SHARED_DATA / "geo_bihar" / "lgd_bihar_2-district.csv"

# Rows of the Bihar tables that are not police districts: the state total and state-level units.
KNOWN_NON_DISTRICTS = {"TOTAL", "ZZ TOTAL", "ANTI TERRORIST SQUAD", "ECONOMIC OFFENCES UNIT"}

IPC_HEADS = [
    "MURDER", "ATTEMPT_TO_MURDER", "CULPABLE_HOMICIDE", "RAPE", "KIDNAPPING_ABDUCTION", "DACOITY",
    "PREPARATION_FOR_DACOITY", "ROBBERY", "BURGLARY", "THEFT", "RIOTS", "CRIMINAL_BREACH_OF_TRUST", "CHEATING",
    "COUNTERFEITING", "ARSON", "HURT", "DOWRY_DEATH", "ASSAULT_ON_WOMEN", "INSULT_TO_MODESTY",
    "CRUELTY_BY_HUSBAND", "IMPORTATION_OF_GIRLS", "CAUSING_DEATH_BY_NEGLIGENCE", "OTHER_IPC",
]  # fmt: skip
SLL_HEADS = [
    "ARMS_ACT", "NDPS_ACT", "PROHIBITION_EXCISE", "SC_ST_ATROCITIES", "POCSO", "DOWRY_PROHIBITION", "CYBER_CRIME",
    "MOTOR_VEHICLES", "OTHER_SLL",
]  # fmt: skip
VAISHALI_STATIONS = {
    "Hajipur Town", "Hajipur Sadar", "Industrial Area", "Gangabridge", "Bidupur", "Mahua", "Desari", "Lalganj",
    "Vaishali", "Goraul", "Bhagwanpur", "Sarai", "Patepur", "Jandaha", "Mahnar", "Patedhi Belsar",
}  # fmt: skip
BIHAR_POPULATION_2011 = 104_099_452


def require_shared_data(*paths: Path) -> None:
    missing = [str(path) for path in paths if not path.exists()]
    if not SHARED_DATA.is_dir() or missing:
        pytest.skip(f"shared data not found ({', '.join(missing) or SHARED_DATA}); it lives beside the repository")


def bihar_ncrb_rows(path: Path) -> list[dict[str, str]]:
    """Bihar rows of one NCRB table, with a ``police_district`` (and for 2017+ a ``revenue_district``) name."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {name.lower(): name for name in reader.fieldnames or []}
        state = next(original for lower, original in columns.items() if lower.startswith("state"))
        rows = []
        for row in reader:
            if row[state].strip().upper() != "BIHAR":
                continue
            if "registration_circles" in columns:  # 2017+: police district per registration circle
                rows.append(
                    {
                        "year": row["year"],
                        "police_district": row["registration_circles"],
                        "revenue_district": row["district_name"],
                        "lgd_code": row["district_code"],
                    }
                )
            else:
                year = next(original for lower, original in columns.items() if lower == "year")
                rows.append({"year": row[year], "police_district": row[columns["district"]]})
        return rows


# --- districts ----------------------------------------------------------------------------------------------


def test_bihar_has_44_police_districts_40_territorial_and_4_railway(db_session: Session) -> None:
    state = db_session.scalars(sa.select(State)).one()
    assert (state.code, state.name_en, state.name_hi) == ("10", "Bihar", "बिहार")
    districts = db_session.scalars(sa.select(PoliceDistrict)).all()
    assert len(districts) == 44
    kinds = Counter(district.kind for district in districts)
    assert kinds == {DistrictKind.TERRITORIAL: 40, DistrictKind.RAILWAY: 4}
    railway = {district.code for district in districts if district.kind is DistrictKind.RAILWAY}
    assert railway == {"PATNA_RLY", "MUZAFFARPUR_RLY", "JAMALPUR_RLY", "KATIHAR_RLY"}
    assert all(district.state_id == state.id for district in districts)
    vaishali = next(district for district in districts if district.code == "VAISHALI")
    assert (vaishali.name_hi, vaishali.census_code, vaishali.population_2011) == ("वैशाली", "220", 3_495_021)


def test_census_codes_and_populations_cover_bihar_exactly_once(db_session: Session) -> None:
    districts = db_session.scalars(sa.select(PoliceDistrict)).all()
    territorial = [d for d in districts if d.kind is DistrictKind.TERRITORIAL]
    railway = [d for d in districts if d.kind is DistrictKind.RAILWAY]
    assert all(d.census_code is None and d.population_2011 is None for d in railway)
    assert all(d.census_code and d.population_2011 for d in territorial)
    assert sum(d.population_2011 or 0 for d in territorial) == BIHAR_POPULATION_2011
    shared = {code: sorted(d.code for d in territorial if d.census_code == code) for code in ("203", "224")}
    assert shared == {"203": ["BAGAHA", "BETTIAH"], "224": ["BHAGALPUR", "NAUGACHHIA"]}
    assert len({d.census_code for d in territorial}) == 38


def test_census_codes_match_the_boundary_file() -> None:
    require_shared_data(GEOJSON)
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    geo_codes = {feature["properties"]["dt_code"] for feature in features}
    shipped = {row["census_code"] for row in read_reference_table("districts") if row["census_code"]}
    assert shipped == geo_codes


# --- the crosswalk ------------------------------------------------------------------------------------------


def test_crosswalk_rows_are_unique_and_each_name_means_one_district() -> None:
    rows = read_reference_table("district_aliases")
    codes = {row["code"] for row in read_reference_table("districts")}
    assert {row["district_code"] for row in rows} == codes
    assert {row["source"] for row in rows} == {"ncrb", "geojson", "lgd", "common"}
    pairs = [(row["source"], row["name"]) for row in rows]
    assert len(pairs) == len(set(pairs))
    assert all(row["name"] == row["name"].upper().strip() for row in rows)
    meaning: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        meaning[district_key(row["name"])].add(row["district_code"])
    assert {key: found for key, found in meaning.items() if len(found) > 1} == {}
    common = {row["name"] for row in rows if row["source"] == "common"}
    assert {"PURNIA", "NAWADA", "KAIMUR", "EAST CHAMPARAN", "WEST CHAMPARAN", "NAUGACHHIA"} <= common


def test_loaded_crosswalk_matches_the_csv(db_session: Session) -> None:
    loaded = db_session.execute(
        sa.select(DistrictNameAlias.source, DistrictNameAlias.name, PoliceDistrict.code).join(
            PoliceDistrict, DistrictNameAlias.district_id == PoliceDistrict.id
        )
    ).all()
    shipped = {(row["source"], row["name"], row["district_code"]) for row in read_reference_table("district_aliases")}
    assert shipped <= {tuple(row) for row in loaded}


@pytest.mark.parametrize("path", NCRB_FILES, ids=lambda path: path.name)
def test_every_bihar_row_of_every_ncrb_table_resolves(db_session: Session, path: Path) -> None:
    require_shared_data(path)
    rows = bihar_ncrb_rows(path)
    assert rows, f"no Bihar rows in {path.name}"
    ncrb_names = set(db_session.scalars(sa.select(DistrictNameAlias.name).where(DistrictNameAlias.source == "ncrb")))
    index = district_index(db_session)
    unknown: set[str] = set()
    per_year: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        names = [row["police_district"], row.get("revenue_district")]
        for name in filter(None, names):
            upper = " ".join(name.split()).upper()
            if upper in KNOWN_NON_DISTRICTS:
                continue
            if upper not in ncrb_names or index.get(district_key(name)) is None:
                unknown.add(name)
        police = " ".join(row["police_district"].split()).upper()
        if police not in KNOWN_NON_DISTRICTS and (district := index.get(district_key(police))) is not None:
            per_year[row["year"]].add(district.code)
    assert unknown == set(), f"{path.name}: names not in the crosswalk"
    # Each year of each table names every police district once: no two NCRB names collapse into one.
    assert {year: len(codes) for year, codes in per_year.items()} == dict.fromkeys(per_year, 44)


def test_ncrb_2017_onwards_police_districts_lie_in_their_revenue_district(db_session: Session) -> None:
    path = SHARED_DATA / "ncrb_district_ipc" / "districtwise-ipc-crimes-2017-onwards.csv"
    require_shared_data(path, LGD_DISTRICTS)
    with LGD_DISTRICTS.open(encoding="utf-8", newline="") as handle:
        census_by_lgd = {row["District Code"]: row["Census 2011 Code"] for row in csv.DictReader(handle)}
    checked = set()
    for row in bihar_ncrb_rows(path):
        district = resolve_district(db_session, row["police_district"])
        if district is None or district.kind is not DistrictKind.TERRITORIAL:
            continue
        assert district.census_code == census_by_lgd[row["lgd_code"]], (row["police_district"], row["lgd_code"])
        checked.add(district.code)
    assert len(checked) == 40, "all 40 territorial police districts (38 revenue districts, Bagaha, Naugachia)"


def test_non_place_units_resolve_to_no_district(db_session: Session) -> None:
    assert {" ".join(name.split()).upper() for name in NCRB_NON_DISTRICT_UNITS} == KNOWN_NON_DISTRICTS
    for name in ("TOTAL", "ZZ TOTAL", "Total", "Anti Terrorist Squad", "Economic Offences Unit", "Atlantis", ""):
        assert resolve_district(db_session, name) is None


def test_every_boundary_and_lgd_district_resolves(db_session: Session) -> None:
    require_shared_data(GEOJSON, LGD_DISTRICTS)
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    assert len(features) == 38, "one boundary per revenue district"
    for feature in features:
        name, code = feature["properties"]["district"], feature["properties"]["dt_code"]
        district = resolve_district(db_session, name)
        assert district is not None, name
        assert district.census_code == code and district.kind is DistrictKind.TERRITORIAL, name
    with LGD_DISTRICTS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 38, "one LGD row per revenue district"
    for row in rows:
        district = resolve_district(db_session, row["District Name"])
        assert district is not None, row["District Name"]
        assert district.census_code == row["Census 2011 Code"], row["District Name"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("VAISHALI", "VAISHALI"),
        ("vaishali", "VAISHALI"),
        ("वैशाली", "VAISHALI"),
        ("patna_rly", "PATNA_RLY"),
        ("JAMALPUR RLY.", "JAMALPUR_RLY"),
        ("Katihar Railway", "KATIHAR_RLY"),
        ("Kaimur(Bhabhua)", "KAIMUR"),
        ("  bhabhua ", "KAIMUR"),
        ("West Champaran", "BETTIAH"),
        ("Pashchim Champaran", "BETTIAH"),
        ("MOTIHARI", "MOTIHARI"),
        ("east champaran", "MOTIHARI"),
        ("Purnea", "PURNIA"),
        ("NAWADAH", "NAWADA"),
        ("Naugachia", "NAUGACHHIA"),
        ("Bagaha", "BAGAHA"),
    ],
)
def test_resolve_district_by_code_name_or_alias(db_session: Session, name: str, code: str) -> None:
    district = resolve_district(db_session, name)
    assert district is not None and district.code == code


# --- stations -----------------------------------------------------------------------------------------------


def test_the_16_vaishali_stations_exist_with_codes_and_coordinates(db_session: Session) -> None:
    stations = db_session.scalars(
        sa.select(PoliceStation).join(PoliceDistrict).where(PoliceDistrict.code == "VAISHALI")
    ).all()
    assert {station.name_en for station in stations} >= VAISHALI_STATIONS
    shipped = [station for station in stations if station.name_en in VAISHALI_STATIONS]
    assert all(len(station.code) <= 24 and station.code.startswith("VAISHALI-") for station in shipped)
    assert all(station.name_hi and station.name_hi != station.name_en for station in shipped)
    for station in shipped:  # roughly inside Vaishali district
        assert station.latitude is not None and 25.55 < station.latitude < 26.10, station.name_en
        assert station.longitude is not None and 85.05 < station.longitude < 85.75, station.name_en
    sadar = next(station for station in shipped if station.name_en == "Hajipur Sadar")
    assert sadar.code == "VAISHALI-HAJIPUR-SADAR"


# --- acts, crime heads, sections ----------------------------------------------------------------------------


def test_acts_and_their_periods(db_session: Session) -> None:
    acts = {act.code: act for act in db_session.scalars(sa.select(Act))}
    assert {"IPC", "BNS", "CRPC", "BNSS", "ARMS", "NDPS", "BPEA", "SCST", "POCSO", "DP", "IT", "MV"} <= set(acts)
    assert str(acts["IPC"].in_force_until) == "2024-06-30" and str(acts["CRPC"].in_force_until) == "2024-06-30"
    assert str(acts["BNS"].in_force_from) == "2024-07-01" and str(acts["BNSS"].in_force_from) == "2024-07-01"
    assert acts["BNS"].in_force_until is None and acts["BPEA"].year == 2016


def test_crime_heads_are_the_ncrb_heads(db_session: Session) -> None:
    heads = {head.code: head for head in db_session.scalars(sa.select(CrimeHead))}
    assert set(heads) == set(IPC_HEADS) | set(SLL_HEADS)
    assert heads["MURDER"].name_hi == "हत्या" and heads["THEFT"].name_hi == "चोरी"
    assert heads["RAPE"].against_women and heads["CRUELTY_BY_HUSBAND"].against_women
    assert not heads["THEFT"].against_women
    assert [code for code, head in heads.items() if head.against_sc_st] == ["SC_ST_ATROCITIES"]
    orders = [heads[code].sort_order for code in IPC_HEADS + SLL_HEADS]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_ncrb_columns_name_real_columns_of_the_2001_2012_table() -> None:
    rows = {row["code"]: row["ncrb_column"] for row in read_reference_table("crime_heads")}
    assert all(rows[code] for code in IPC_HEADS) and not any(rows[code] for code in SLL_HEADS)
    assert (rows["MURDER"], rows["HURT"], rows["OTHER_IPC"]) == ("MURDER", "HURT/GREVIOUS HURT", "OTHER IPC CRIMES")
    path = SHARED_DATA / "ncrb_district_ipc" / "01_District_wise_crimes_committed_IPC_2001_2012.csv"
    require_shared_data(path)
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert {rows[code] for code in IPC_HEADS} <= set(header)


def heads_by_act(session: Session) -> dict[str, set[str]]:
    rows = session.execute(
        sa.select(Act.code, CrimeHead.code)
        .select_from(Section)
        .join(Act, Section.act_id == Act.id)
        .join(CrimeHead, Section.crime_head_id == CrimeHead.id)
    ).all()
    found: dict[str, set[str]] = defaultdict(set)
    for act, head in rows:
        found[act].add(head)
    return found


def test_every_ipc_head_has_ipc_and_bns_sections_and_every_sll_head_its_act(db_session: Session) -> None:
    found = heads_by_act(db_session)
    assert set(IPC_HEADS) <= found["IPC"], set(IPC_HEADS) - found["IPC"]
    assert set(IPC_HEADS) <= found["BNS"], set(IPC_HEADS) - found["BNS"]
    assert not (found["IPC"] | found["BNS"]) & set(SLL_HEADS)
    expected = {
        "ARMS": "ARMS_ACT", "NDPS": "NDPS_ACT", "BPEA": "PROHIBITION_EXCISE", "SCST": "SC_ST_ATROCITIES",
        "POCSO": "POCSO", "DP": "DOWRY_PROHIBITION", "IT": "CYBER_CRIME", "MV": "MOTOR_VEHICLES",
    }  # fmt: skip
    for act, head in expected.items():
        assert found[act] == {head}, act
    counts = Counter(db_session.scalars(sa.select(Act.code).select_from(Section).join(Act, Section.act_id == Act.id)))
    assert 120 <= counts["IPC"] <= 220 and counts["BNS"] >= counts["IPC"] - 20


@pytest.mark.parametrize(
    ("act", "number", "head"),
    [
        ("IPC", "302", "MURDER"), ("BNS", "103(1)", "MURDER"), ("IPC", "307", "ATTEMPT_TO_MURDER"),
        ("IPC", "304B", "DOWRY_DEATH"), ("BNS", "80", "DOWRY_DEATH"), ("IPC", "379", "THEFT"),
        ("BNS", "303(2)", "THEFT"), ("IPC", "457", "BURGLARY"), ("IPC", "395", "DACOITY"),
        ("IPC", "399", "PREPARATION_FOR_DACOITY"), ("IPC", "498A", "CRUELTY_BY_HUSBAND"),
        ("IPC", "489A", "COUNTERFEITING"), ("IPC", "436", "ARSON"), ("IPC", "34", None), ("BNS", "3(5)", None),
        ("ARMS", "27", "ARMS_ACT"), ("BPEA", "30(a)", "PROHIBITION_EXCISE"), ("IT", "66D", "CYBER_CRIME"),
    ],
)  # fmt: skip
def test_section_heads(db_session: Session, act: str, number: str, head: str | None) -> None:
    section = db_session.scalars(
        sa.select(Section).join(Act, Section.act_id == Act.id).where(Act.code == act, Section.number == number)
    ).one()
    assert (section.crime_head.code if section.crime_head else None) == head


def correspondence_pairs(session: Session) -> list[tuple[str, str, str, str]]:
    ipc, bns = sa.orm.aliased(Section), sa.orm.aliased(Section)
    ipc_act, bns_act = sa.orm.aliased(Act), sa.orm.aliased(Act)
    return [
        tuple(row)
        for row in session.execute(
            sa.select(ipc_act.code, ipc.number, bns_act.code, bns.number)
            .select_from(SectionCorrespondence)
            .join(ipc, SectionCorrespondence.ipc_section_id == ipc.id)
            .join(ipc_act, ipc.act_id == ipc_act.id)
            .join(bns, SectionCorrespondence.bns_section_id == bns.id)
            .join(bns_act, bns.act_id == bns_act.id)
        )
    ]


def test_every_correspondence_links_an_ipc_to_a_bns_section(db_session: Session) -> None:
    pairs = correspondence_pairs(db_session)
    assert len(pairs) == len(read_reference_table("ipc_bns_correspondence"))
    assert {(a, b) for a, _, b, _ in pairs} == {("IPC", "BNS")}
    mapped = {(ipc, bns) for _, ipc, _, bns in pairs}
    expected = {
        ("302", "103(1)"), ("307", "109(1)"), ("304", "105"), ("304A", "106(1)"), ("304B", "80"), ("376", "64"),
        ("363", "137(2)"), ("364A", "140(2)"), ("366", "87"), ("366B", "141"), ("395", "310(2)"),
        ("399", "310(4)"), ("392", "309(4)"), ("379", "303(2)"), ("380", "305(a)"), ("457", "331(4)"),
        ("147", "191(2)"), ("148", "191(3)"), ("149", "190"), ("406", "316(2)"), ("420", "318(4)"),
        ("489A", "178"), ("436", "326(g)"), ("323", "115(2)"), ("324", "118(1)"), ("325", "117(2)"),
        ("326", "118(2)"), ("354", "74"), ("509", "79"), ("498A", "85"), ("498A", "86"), ("34", "3(5)"),
        ("120B", "61(2)"), ("341", "126(2)"), ("342", "127(2)"), ("504", "352"), ("506", "351(2)"),
        ("506", "351(3)"), ("411", "317(2)"), ("386", "308(5)"), ("387", "308(4)"),
    }  # fmt: skip
    assert expected <= mapped, expected - mapped


def test_every_ipc_section_has_a_bns_counterpart_unless_bns_dropped_it(db_session: Session) -> None:
    ipc_numbers = set(
        db_session.scalars(sa.select(Section.number).join(Act, Section.act_id == Act.id).where(Act.code == "IPC"))
    )
    mapped = {ipc for _, ipc, _, _ in correspondence_pairs(db_session)}
    assert ipc_numbers - mapped == IPC_WITHOUT_BNS_COUNTERPART
    shipped_sections = {(row["act_code"], row["number"]) for row in read_reference_table("sections")}
    for row in read_reference_table("ipc_bns_correspondence"):
        assert ("IPC", row["ipc_section"]) in shipped_sections and ("BNS", row["bns_section"]) in shipped_sections


def test_every_head_section_of_the_ipc_maps_to_bns_sections_of_the_same_head(db_session: Session) -> None:
    """Trends run across 1 July 2024 only if a head's IPC sections land on BNS sections of that head."""
    sections = {
        (act, number): head
        for act, number, head in db_session.execute(
            sa.select(Act.code, Section.number, CrimeHead.code)
            .select_from(Section)
            .join(Act, Section.act_id == Act.id)
            .outerjoin(CrimeHead, Section.crime_head_id == CrimeHead.id)
        )
    }
    mismatched = [
        (ipc, bns)
        for _, ipc, _, bns in correspondence_pairs(db_session)
        if sections[("IPC", ipc)] != sections[("BNS", bns)]
    ]
    assert mismatched == []


# --- idempotence --------------------------------------------------------------------------------------------


def test_loading_again_changes_nothing(db_session: Session) -> None:
    report = load_reference_data(db_session)
    assert report.changed == 0 and report.inserted == 0 and report.updated == 0
    assert report.districts.total == 44 and report.stations.total == 16
    assert str(report).endswith("(0 changed)")
    assert "44 districts" in str(report)


def test_loading_repairs_a_changed_row_and_counts_it(db_session: Session) -> None:
    district = db_session.scalars(sa.select(PoliceDistrict).where(PoliceDistrict.code == "SARAN")).one()
    district.name_hi = "गलत"
    alias = db_session.scalars(sa.select(DistrictNameAlias).where(DistrictNameAlias.name == "NAWADAH")).first()
    assert alias is not None
    db_session.delete(alias)
    db_session.flush()
    report = load_reference_data(db_session)
    assert (report.districts.updated, report.district_aliases.inserted, report.changed) == (1, 1, 2)
    assert district.name_hi == "सारण"
    assert load_reference_data(db_session).changed == 0


# --- stations from a file -----------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_load_stations_csv_adds_then_updates(db_session: Session, tmp_path: Path) -> None:
    header = ["district", "name_en", "name_hi", "code", "latitude", "longitude"]
    first = write_csv(
        tmp_path / "stations.csv",
        [
            header,
            ["Vaishali", "Raghopur", "राघोपुर", "", "25.55", "85.39"],
            ["PURNEA", "Test Station One", "", "PUR-TEST-ONE", "", ""],
            ["West Champaran", "Test Station Two", "", "", "", ""],
        ],
    )
    report = load_stations_csv(db_session, first, actor=Actor())
    assert (report.inserted, report.updated, report.unchanged) == (3, 0, 0)
    raghopur = db_session.scalars(sa.select(PoliceStation).where(PoliceStation.name_en == "Raghopur")).one()
    assert (raghopur.code, raghopur.district.code, raghopur.name_hi) == ("VAISHALI-RAGHOPUR", "VAISHALI", "राघोपुर")
    two = db_session.scalars(sa.select(PoliceStation).where(PoliceStation.name_en == "Test Station Two")).one()
    assert (two.district.code, two.name_hi, two.latitude) == ("BETTIAH", "Test Station Two", None)
    assert len(two.code) <= 24 and two.code.startswith("BETTIAH-")

    second = write_csv(
        tmp_path / "again.csv",
        [
            header,
            ["VAISHALI", "raghopur", "", "", "25.56", "85.40"],  # same station, other case: moved, not duplicated
            ["Purnia", "Test Station One", "", "PUR-TEST-ONE", "25.77", "87.47"],
            ["vaishali", "Mahua", "", "", "", ""],  # empty cells keep what the station has
        ],
    )
    report = load_stations_csv(db_session, second, actor=Actor())
    assert (report.inserted, report.updated, report.unchanged) == (0, 2, 1)
    audited = db_session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.entity_type == "police_station", AuditEntry.entity_id == str(raghopur.id))
        .order_by(AuditEntry.id)
    ).all()
    assert [entry.action for entry in audited] == ["create", "update"]
    assert set(audited[1].detail["changed"]) == {"name_en", "latitude", "longitude"}, audited[1].detail
    db_session.refresh(raghopur)
    assert (raghopur.latitude, raghopur.longitude, raghopur.name_hi) == (25.56, 85.40, "राघोपुर")
    assert raghopur.name_en == "raghopur" and raghopur.code == "VAISHALI-RAGHOPUR"
    same_name = sa.select(sa.func.count()).select_from(PoliceStation).where(PoliceStation.name_en.ilike("raghopur"))
    assert db_session.scalar(same_name) == 1
    assert str(report) == "3 in file: 0 added, 2 updated, 1 unchanged"


def test_load_stations_csv_rejects_bad_rows_and_loads_nothing(db_session: Session, tmp_path: Path) -> None:
    before = db_session.scalar(sa.select(sa.func.count()).select_from(PoliceStation))
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["district", "name_en", "name_hi", "code", "latitude", "longitude"],
            ["Vaishali", "Good Station", "", "", "", ""],
            ["Atlantis", "Lost Station", "", "", "", ""],
            ["Vaishali", "Odd Place", "", "", "north", "85.2"],
            ["Vaishali", "Half Place", "", "", "25.7", ""],
            ["TOTAL", "Sum Station", "", "", "", ""],
            ["Vaishali", "", "", "", "", ""],
            ["Vaishali", "Coded", "", "VAISHALI-HAJIPUR-SADAR", "", ""],
        ],
    )
    with pytest.raises(StationFileError) as caught:
        load_stations_csv(db_session, path, actor=Actor())
    errors = caught.value.errors
    assert len(errors) == 6, errors
    assert errors[0].startswith("row 3:") and "unknown district 'Atlantis'" in errors[0]
    assert errors[1].startswith("row 4:") and "latitude 'north'" in errors[1]
    assert errors[2].startswith("row 5:") and "both latitude and longitude" in errors[2]
    assert errors[3].startswith("row 6:") and "unknown district 'TOTAL'" in errors[3]
    assert errors[4].startswith("row 7:") and "name_en is empty" in errors[4]
    assert errors[5].startswith("row 8:") and "already belongs to station 'Hajipur Sadar'" in errors[5]
    assert "row 3: unknown district 'Atlantis'" in str(caught.value)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(PoliceStation)) == before


def test_load_stations_csv_needs_district_and_name_columns(db_session: Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "headless.csv", [["place", "name"], ["Vaishali", "Somewhere"]])
    with pytest.raises(StationFileError) as caught:
        load_stations_csv(db_session, path, actor=Actor())
    assert caught.value.errors == [
        "row 1 (header): missing column(s) district, name_en; expected district,name_en,name_hi,code,latitude,longitude"
    ]


def test_load_stations_csv_generates_unique_codes(db_session: Session, tmp_path: Path) -> None:
    long_name = "A Very Long Police Station Name Indeed"
    path = write_csv(
        tmp_path / "long.csv",
        [["district", "name_en"], ["MUZAFFARPUR_RLY", long_name], ["MUZAFFARPUR_RLY", long_name + " Two"]],
    )
    assert load_stations_csv(db_session, path, actor=Actor()).inserted == 2
    codes = set(
        db_session.scalars(sa.select(PoliceStation.code).where(PoliceStation.name_en.startswith("A Very Long")))
    )
    assert len(codes) == 2 and all(len(code) <= 24 and code.startswith("MUZAFFARPUR-RLY-") for code in codes)
