"""Derive the generator's Bihar profile from NCRB district tables; run once, commit the CSVs it writes.

Usage (from the repository root, with the shared data checked out beside it)::

    python -m sample_data.derive_profile [--data ../shared/data] [--out sample_data/data]

It reads, for Bihar only:

* ``ncrb_district_ipc/districtwise-ipc-crimes-2017-onwards.csv`` (NCRB, 2017-2022, 124 columns): the IPC
  crimes of each police district summed over the six years give the **district shares**, and the detailed
  columns, folded into our crime heads (``IPC_COLUMN_HEADS`` below), give the **IPC crime-head mix**;
* ``ncrb_district_ipc/01_District_wise_crimes_committed_IPC_2001_2012.csv``, ``..._2013.csv``,
  ``..._2014.csv`` and the 2017+ file: the state's IPC total per year, for **yearly volume**; 2015-2016
  are interpolated and the years after 2022 extrapolated at the mean 2017-2022 growth.

NCRB names police districts its own way (BETTIAH, MOTIHARI, NAWADAH, "Kaimur(Bhabhua)", "Patna Railway");
names are mapped to our district codes through the crosswalk ``records/reference/data/district_aliases.csv``
(``district_code,source,name``), compared upper-cased with everything but letters removed. A name the
crosswalk does not know stops the script with that name, rather than silently dropping its crimes.

Special and local laws (SLL) are not in these tables: their shares are estimates written in ``SLL_SHARES``
(Bihar registers very many prohibition cases since the Bihar Prohibition and Excise Act, 2016), and the
IPC heads share the rest. Nothing here is read when data is generated: the outputs are
``bihar_profile.csv`` (district_code, share), ``crime_head_mix.csv`` (crime_head_code, share) and
``yearly_volume.csv`` (year, ipc_crimes, basis).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from records.spreadsheet_cells import safe_row

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
DEFAULT_ALIASES = REPO_ROOT / "records" / "reference" / "data" / "district_aliases.csv"

FILE_2017_ON = "ncrb_district_ipc/districtwise-ipc-crimes-2017-onwards.csv"
FILES_TO_2014 = (
    "ncrb_district_ipc/01_District_wise_crimes_committed_IPC_2001_2012.csv",
    "ncrb_district_ipc/01_District_wise_crimes_committed_IPC_2013.csv",
    "ncrb_district_ipc/01_District_wise_crimes_committed_IPC_2014.csv",
)
FIRST_YEAR, LAST_YEAR = 2008, 2026
NOT_DISTRICTS = {"ECONOMICOFFENCESUNIT", "ANTITERRORISTSQUAD", "TOTAL", "ZZTOTAL"}

# Estimated shares of all FIRs (not from NCRB tables): Bihar registers tens of thousands of prohibition
# cases a year since 2016; the rest are plausible orders of magnitude for the state.
SLL_SHARES = {
    "PROHIBITION_EXCISE": 0.180,
    "ARMS_ACT": 0.025,
    "SC_ST_ATROCITIES": 0.022,
    "OTHER_SLL": 0.025,
    "DOWRY_PROHIBITION": 0.012,
    "NDPS_ACT": 0.010,
    "MOTOR_VEHICLES": 0.010,
    "POCSO": 0.008,
    "CYBER_CRIME": 0.008,
}

# The 2017+ table's detailed IPC columns folded into the classic NCRB heads; columns not named go to OTHER_IPC.
IPC_COLUMN_HEADS = {
    "MURDER": ["murder"],
    "CULPABLE_HOMICIDE": ["clpbl_hmcrd_not_amt_murder"],
    "CAUSING_DEATH_BY_NEGLIGENCE": [
        "hit_and_run",
        "acdnt_other_than_hit_and_run_",
        "deaths_negl_rel_rail_acdnt",
        "deaths_due_med_negnc",
        "deaths_neg_civic_bodies",
        "deaths_other_negnc",
    ],
    "DOWRY_DEATH": ["dowry_deaths"],
    "ATTEMPT_TO_MURDER": ["atmpt_cmmt_murder", "atmpt_cmmt_clpb_hmcrd"],
    "HURT": [
        "vlntrly_caus_simple_hurt",
        "vlntrly_caus_dangers_weapons",
        "vlntrly_caus_pub_srvnt_duty",
        "hrt_endgrng_lf_safety",
        "other_simple_hurt",
        "vlntrly_caus_grvus_hurt",
        "grvus_hrt_dangerous_wepn",
        "acid_attack",
        "atmpt_acid_attack",
        "grvus_hrt_pub_srvnt_duty",
        "grvus_hrt_lf_safety",
        "other_grievous_hurt",
    ],
    "ASSAULT_ON_WOMEN": [
        "assault_on_women",
        "sex_hrrsmt_work_office_prms",
        "sex_hrrsmt_pub_trnsprt_sys",
        "sex_hrrsmt_shelter_homes",
        "sex_hrrsmt_other_places",
        "intnt_disrbe",
        "voyeurism",
        "stalking",
    ],
    "KIDNAPPING_ABDUCTION": [
        "missing_child_kidnpd",
        "other_kidnp_abduc",
        "kidnp_abdctn_begging",
        "kidnp_abdctn_murder",
        "kidnapping_for_ransom",
        "kidnp_abdctn_marrg",
        "proc_minor_girls",
        "other_kidnp_abduc_sec_365_369",
    ],
    "IMPORTATION_OF_GIRLS": ["import_girls_frgn_cntry"],
    "RAPE": ["rape", "atmpt_rape"],
    "RIOTS": [
        "rioting_communal_religious",
        "rioting_sectarian",
        "rioting_industrial",
        "rioting_political",
        "rioting_caste_conflict",
        "rioting_agrarian",
        "rioting_students",
        "rioting_vigilants",
        "rioting_money_dispute",
        "rioting_water_dispute",
        "rioting_land_property_dispute",
        "rioting_family_disputes",
        "rioting_enmity_rivalry",
        "riot_elec_pwr_disp",
        "riot_andolan_morcha",
        "riot_polc_prsnl_gvt_srvnt",
        "other_rioting",
    ],
    "THEFT": ["auto_motor_vehicle_theft", "other_thefts"],
    "BURGLARY": ["day_time_burglary", "night_burglary"],
    "ROBBERY": ["robbery", "atmpt_dacoity_robbery"],
    "DACOITY": ["dacoity", "dacoity_with_murder"],
    "PREPARATION_FOR_DACOITY": ["mkng_prprtn_assmbly_cmmttng_dcty"],
    "CRIMINAL_BREACH_OF_TRUST": ["criminal_breach_of_trust"],
    "CHEATING": [
        "cheating",
        "bank_frauds",
        "atm_fraud",
        "credit_debit_card_fraud",
        "other_frauds",
        "cheating_impersonation",
    ],
    "COUNTERFEITING": ["counterfeit_coin", "cntrfte_govt_stamp", "cntrft_seal_mark", "cntrft_curr_bank_notes"],
    "ARSON": ["arson"],
    "CRUELTY_BY_HUSBAND": ["crlty_husbnd_relatives"],
    "INSULT_TO_MODESTY": ["insult_modesty_women"],
}
IPC_HEADS = [
    "MURDER", "ATTEMPT_TO_MURDER", "CULPABLE_HOMICIDE", "RAPE", "KIDNAPPING_ABDUCTION", "DACOITY",
    "PREPARATION_FOR_DACOITY", "ROBBERY", "BURGLARY", "THEFT", "RIOTS", "CRIMINAL_BREACH_OF_TRUST", "CHEATING",
    "COUNTERFEITING", "ARSON", "HURT", "DOWRY_DEATH", "ASSAULT_ON_WOMEN", "INSULT_TO_MODESTY",
    "CRUELTY_BY_HUSBAND", "IMPORTATION_OF_GIRLS", "CAUSING_DEATH_BY_NEGLIGENCE", "OTHER_IPC",
]  # fmt: skip
FIRST_DETAIL_COLUMN = "murder"


def squash(name: str) -> str:
    """Upper-case letters only: 'Kaimur(Bhabhua)' and 'KAIMUR (BHABHUA)' compare equal."""
    return re.sub(r"[^A-Z]", "", name.upper())


def read_crosswalk(path: Path) -> dict[str, str]:
    """Squashed name -> district code; the crosswalk's NCRB spellings win over other sources' ones."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["source"] == "ncrb")
    return {squash(row["name"]): row["district_code"] for row in rows}


def district_code(name: str, crosswalk: dict[str, str]) -> str | None:
    """Our code for an NCRB police-district name; None for units that are not districts; exits if unknown."""
    key = squash(name)
    if key in NOT_DISTRICTS:
        return None
    if key not in crosswalk:
        sys.exit(f"derive_profile: NCRB district {name!r} is not in the crosswalk; add it to district_aliases.csv")
    return crosswalk[key]


def bihar_rows_2017_on(data: Path) -> list[dict[str, str]]:
    with (data / FILE_2017_ON).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["state_name"].strip().upper() == "BIHAR"]


def detail_columns(row: dict[str, str]) -> list[str]:
    names = list(row)
    return names[names.index(FIRST_DETAIL_COLUMN) :]


def district_shares(rows: list[dict[str, str]], crosswalk: dict[str, str]) -> dict[str, float]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        code = district_code(row["registration_circles"], crosswalk)
        if code is not None:
            counts[code] += sum(int(row[column] or 0) for column in detail_columns(row))
    total = sum(counts.values())
    return {code: count / total for code, count in sorted(counts.items())}


def crime_head_mix(rows: list[dict[str, str]]) -> dict[str, float]:
    column_head = {column: head for head, columns in IPC_COLUMN_HEADS.items() for column in columns}
    counts: dict[str, int] = dict.fromkeys(IPC_HEADS, 0)
    for row in rows:
        for column in detail_columns(row):
            counts[column_head.get(column, "OTHER_IPC")] += int(row[column] or 0)
    ipc_total = sum(counts.values())
    ipc_share = 1.0 - sum(SLL_SHARES.values())
    mix = {head: ipc_share * count / ipc_total for head, count in counts.items()}
    mix.update(SLL_SHARES)
    return mix


def yearly_ipc_totals(data: Path, rows_2017_on: list[dict[str, str]]) -> dict[int, tuple[int, str]]:
    """State IPC total per year FIRST_YEAR..LAST_YEAR with its basis (ncrb, interpolated, extrapolated)."""
    known: dict[int, int] = defaultdict(int)
    for name in FILES_TO_2014:
        with (data / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for row in reader:
                if row[0].strip().upper() == "BIHAR" and squash(row[1]) in {"TOTAL", "ZZTOTAL"}:
                    known[int(row[2])] = int(row[-1])
    for row in rows_2017_on:
        known[int(row["year"])] += sum(int(row[column] or 0) for column in detail_columns(row))
    last = max(known)
    first_recent = min(year for year in known if year >= 2017)
    growth = (known[last] / known[first_recent]) ** (1 / (last - first_recent))
    totals: dict[int, tuple[int, str]] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year in known:
            totals[year] = (known[year], "ncrb")
        elif year > last:
            totals[year] = (round(known[last] * growth ** (year - last)), "extrapolated")
        else:
            before = max(y for y in known if y < year)
            after = min(y for y in known if y > year)
            fraction = (year - before) / (after - before)
            totals[year] = (round(known[before] + fraction * (known[after] - known[before])), "interpolated")
    return totals


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(safe_row(header))
        writer.writerows(map(safe_row, rows))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--aliases", type=Path, default=DEFAULT_ALIASES, help="district crosswalk CSV")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the profile CSVs")
    args = parser.parse_args(argv)

    crosswalk = read_crosswalk(args.aliases)
    rows = bihar_rows_2017_on(args.data)
    shares = district_shares(rows, crosswalk)
    mix = crime_head_mix(rows)
    years = yearly_ipc_totals(args.data, rows)

    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "bihar_profile.csv", ["district_code", "share"],
              [[code, f"{share:.6f}"] for code, share in shares.items()])  # fmt: skip
    write_csv(args.out / "crime_head_mix.csv", ["crime_head_code", "share"],
              [[head, f"{share:.6f}"] for head, share in mix.items()])  # fmt: skip
    write_csv(args.out / "yearly_volume.csv", ["year", "ipc_crimes", "basis"],
              [[year, total, basis] for year, (total, basis) in years.items()])  # fmt: skip
    print(f"{len(shares)} districts, {len(mix)} crime heads, years {min(years)}-{max(years)} -> {args.out}")


if __name__ == "__main__":
    main()
