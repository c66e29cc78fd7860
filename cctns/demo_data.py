"""What ``cctns demo`` adds so the system can be tried at once: sample data shaped like a real district, a
filled search index, demo logins, and the open data of ``../shared/data`` when it sits beside the checkout.

The sample data: Vaishali's 16 real stations at their real volume (NCRB's IPC count for the district, so
several hundred FIRs a station a year) for the last three years (counted from the previous one in the year's
first half), earlier years and the other districts as thinner samples (``sample_data.profile.Focus``), registered up
to yesterday in IST.

``../shared/data`` (NCRB district tables, Bihar's district boundaries) is never copied into the repository or
the package: the demo loads the NCRB series from it and points the map at its GeoJSON when the folder exists
beside the checkout (or the current directory), and says so, or says that it is absent, on the command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa

from cctns.cli_support import console, index_with_progress, open_engine_or_fail
from indexes.documents import count_rows
from indexes.rebuild import index_everything
from indexes.schema import DocumentKind
from records.audit import Actor
from records.database import Database, session_scope
from records.display import IST
from records.errors import ConfigurationError
from records.models import NcrbReferenceCount, Role, User
from records.ncrb import NcrbFileError, load_ncrb_reference
from records.settings import Settings, get_settings
from records.users import create_user, verify_password
from sample_data.profile import Focus

DEMO_PASSWORD = "demo-password-123"


class DemoUser(NamedTuple):
    """A demo login: the arguments of ``records.users.create_user`` but the password and the actor."""

    username: str
    role: Role
    full_name: str
    station_code: str | None = None
    district_code: str | None = None


DEMO_USERS = (
    DemoUser("investigator", Role.INVESTIGATOR, "Inspector (CID), demo"),
    DemoUser("hq.patna", Role.HQ, "HQ monitoring centre, demo"),
    DemoUser("sp.vaishali", Role.DISTRICT_SP, "SP Vaishali, demo", district_code="VAISHALI"),
    DemoUser("sho.hajipur", Role.STATION_OFFICER, "SHO Hajipur Sadar, demo", station_code="VAISHALI-HAJIPUR-SADAR"),
)
DEMO_DISTRICT = "VAISHALI"  # its 16 stations are real ones in the reference data; the demo logins are there
EARLIER_FRACTION = 0.03  # of the district's real volume, for years before the full one (halving back to it)
FULL_MONTHS_AT_LEAST = 6  # the full-volume years reach back one more year until the current year has six months
# Recent years at real volume. From a fresh data folder to a served page (2 cores shared with other jobs, load 2
# to 6): 1 year 37,578 FIRs in 136 s, 2 years 47,684 in 106 s, 3 years 57,447 in 151 s (207 s at load 5 to 11),
# 4 years 66,858 in 222 s.
# Three keep the first command well under 5 minutes on a busier machine; the person linker (bounded since issue 21)
# is no longer what limits it.
FULL_YEARS = 3
REST_FRACTION = 0.003  # of every other district's real volume
SHARED_DATA = Path("shared") / "data"
NCRB_FOLDER = "ncrb_district_ipc"
BOUNDARIES_FILE = Path("geo_bihar") / "bihar_districts.geojson"


def today_in_india(now: datetime | None = None) -> date:
    """The date in IST now: the generated FIRs run up to the day before it."""
    return (now or datetime.now(UTC)).astimezone(IST).date()


def demo_focus(today: date) -> Focus:
    """Vaishali at its real volume in the last FULL_YEARS years (counted from this year once it has six months,
    else from last year), earlier years and the rest of the state thinner."""
    full_from = (today.year if today.month > FULL_MONTHS_AT_LEAST else today.year - 1) - (FULL_YEARS - 1)
    return Focus(DEMO_DISTRICT, full_from, EARLIER_FRACTION, REST_FRACTION)


def shared_data_dir(checkouts: list[Path] | None = None) -> Path | None:
    """``shared/data`` beside the checkout, if it exists: the checkout is found from this file (an editable
    install) or is the current directory (the README's first command runs in it); a git worktree one level
    further down (``wt/NAME``) finds it too."""
    if checkouts is None:
        checkouts = [Path(__file__).resolve().parents[1], Path.cwd().resolve()]
    for checkout in checkouts:
        for parent in checkout.parents[:2]:
            folder = parent / SHARED_DATA
            if folder.is_dir():
                return folder
    return None


@dataclass(frozen=True)
class OpenData:
    """What the demo found of ``../shared/data`` and did with it, as lines for the command line."""

    messages: list[str]
    boundaries: Path | None


def ensure_open_data(database: Database, settings: Settings, shared: Path | None) -> OpenData:
    """Load NCRB's district series from ``shared`` when none is loaded, and choose the map's boundaries file
    (CCTNS_GEO_BOUNDARIES_PATH when set, else the one in ``shared``); say what is missing and how to add it."""
    messages: list[str] = []
    with database.sessions() as session:
        loaded = session.scalar(sa.select(sa.func.count()).select_from(NcrbReferenceCount)) or 0
    ncrb_folder = shared / NCRB_FOLDER if shared is not None else None
    if loaded:
        messages.append(f"NCRB reference series: {loaded:,} counts already loaded.")
    elif ncrb_folder is None or not ncrb_folder.is_dir():
        messages.append(
            "NCRB reference series: not loaded, the folder ../shared/data/ncrb_district_ipc is not beside the "
            "checkout, so the dashboards' NCRB comparison stays empty; load it with `cctns ncrb load DIR`."
        )
    else:
        try:
            with session_scope(database) as session:
                report = load_ncrb_reference(session, ncrb_folder)
                detail = {"folder": str(ncrb_folder), "files": report.files, "rows": report.rows}
                Actor(via="cctns demo").audit(session, "load", "ncrb_reference", None, detail)
            messages.append(f"NCRB reference series: {report} (from {ncrb_folder}).")
        except NcrbFileError as error:
            messages.append(f"NCRB reference series: not loaded, {error}")
    boundaries = settings.geo_boundaries_path
    if boundaries is not None:
        messages.append(f"District map: boundaries from CCTNS_GEO_BOUNDARIES_PATH ({boundaries}).")
    elif shared is not None and (shared / BOUNDARIES_FILE).is_file():
        boundaries = shared / BOUNDARIES_FILE
        messages.append(f"District map: boundaries from {boundaries}.")
    else:
        messages.append(
            "District map: no boundaries, ../shared/data/geo_bihar/bihar_districts.geojson is not beside the "
            "checkout; set CCTNS_GEO_BOUNDARIES_PATH to a GeoJSON of Bihar's districts to draw it."
        )
    return OpenData(messages, boundaries)


def use_boundaries(path: Path | None) -> None:
    """Make the served dashboards draw ``path`` (the setting they read when the app is built)."""
    if path is not None:
        os.environ["CCTNS_GEO_BOUNDARIES_PATH"] = str(path)


def ensure_index_filled(database: Database) -> None:
    """Index every record when the index is empty but PostgreSQL is not (first demo start, after a reset)."""
    engine = open_engine_or_fail()
    try:
        with database.engine.connect() as connection:
            in_database = count_rows(connection, DocumentKind.FIR)
        if engine.count(DocumentKind.FIR) == 0 and in_database:
            counts = index_with_progress(
                lambda progress: index_everything(database.engine, engine, 2000, progress), "Indexing"
            )
            console.print(f"Search index: {counts['fir']:,} FIRs and {counts['person']:,} people indexed.")
        else:
            console.print(f"Search index: {engine.count(DocumentKind.FIR):,} FIRs already indexed.")
    finally:
        engine.close()


def ensure_demo_users(database: Database) -> None:
    """Demo logins for each role (development only), printed so whoever started the demo can sign in."""
    if get_settings().environment != "development":
        return
    with session_scope(database) as session:
        existing = set(session.scalars(sa.select(User.username)))
        for user in DEMO_USERS:
            if user.username not in existing:
                create_user(session, **user._asdict(), password=DEMO_PASSWORD, actor=Actor(via="cctns demo"))
    names = ", ".join(user.username for user in DEMO_USERS)
    console.print(f"Demo logins (password {DEMO_PASSWORD!r}): {names}")


def demo_logins_left(database: Database) -> list[str]:
    """Active demo users whose password is still the published demo password."""
    names = [user.username for user in DEMO_USERS]
    with database.sessions() as session:
        users = session.scalars(sa.select(User).where(User.username.in_(names), User.is_active))
        return sorted(user.username for user in users if verify_password(user.password_hash, DEMO_PASSWORD))


def refuse_demo_logins_in_production(database: Database, settings: Settings) -> None:
    """Outside development, refuse to serve while a demo login with the demo password works (ConfigurationError
    saying how to remove or re-password them): ``cctns demo`` publishes that password."""
    if settings.environment == "development":
        return
    if left := demo_logins_left(database):
        names = ", ".join(left)
        raise ConfigurationError(
            f"Refusing to start in {settings.environment}: the demo users {names} still have the demo password "
            f"{DEMO_PASSWORD!r} that `cctns demo` prints, so anyone could log in. Disable each with "
            "`cctns user deactivate NAME`, or give it a new password with `cctns user password NAME`, then start again."
        )
