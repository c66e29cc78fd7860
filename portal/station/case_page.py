"""The case page ``/station/firs/{id}``: the FIR as registered, its status history, what the investigation has
recorded, the case diary, and the investigation's actions as forms (investigating officer, arrest or surrender,
seizure, final report or charge sheet, court result, status change, transfer of a zero FIR, diary entry), and the
case at court and prison (issue 25: the CNR, next hearing and disposal a court sent, prison events, the offers to
courts, and the form that offers the FIR or its charge sheet to a registered court: ``search_api.court_offers``).

Every form posts to its own path here and goes through the command the API uses (``cases.registration``,
``cases.investigation``, ``cases.status_changes``, ``cases.diary``), with the FIR loaded and the caller checked
exactly as the API does (``search_api.fir_http``: ``readable_fir``, ``writable_fir``, the one rule of
``records.access``). A refusal re-shows the page with the reason next to the form that was sent, in the officer's
language, and what they typed kept; a success redirects back to the page (a reload does not repeat it). A form is
shown only when the officer may take that action on the case as it stands (their rights, the status machine).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from cases import (
    FieldProblem,
    FirConflict,
    FirInputError,
    FirNotFound,
    add_diary_entry,
    record_arrest,
    record_court_result,
    record_final_report,
    record_seizure,
    set_status,
    transfer_zero_fir,
    update_fir,
)
from cases.input import (
    ArrestInput,
    CourtResultInput,
    DiaryEntryInput,
    FinalReportInput,
    FirPatch,
    SeizureInput,
    StatusChangeInput,
)
from cases.loading import party_person_ids
from cases.parties import ACCUSED_ROLES
from cases.reading.diary import diary_of
from cases.reading.fir import FirView, fir_view
from cases.states import CLOSED, why_not
from cases.status_changes import MANUAL_CHANGES
from exchange.icjs.keys import IcjsRefused
from exchange.icjs.reading import court_and_prison
from exchange.network.peers import list_peers
from exchange.sharing import LEVEL_NAMES, SharingRefused, level_outside, parse_level, set_level, stored_level
from exchange.validation import InvalidMessage
from portal.i18n import language_of
from portal.staff_frame import Officer, OfficerDep, StaffForm, StaffPageError, StaffSession, render
from portal.station.case_forms import Refusal, entered_values, filled, problem
from portal.station.case_words import CASE_WORDS, history_note
from records.access import Forbidden, place_of_station
from records.display import rupees
from records.models import (
    ArrestKind,
    CourtResult,
    FinalReportKind,
    Fir,
    FirStatus,
    PartyRole,
    PeerRole,
    PoliceStation,
    PropertyKind,
    User,
)
from search_api.court_offers import offer_to_court
from search_api.fir_http import readable_fir, writable_fir
from search_api.print_view import INFORMATION_TYPES

router = APIRouter(include_in_schema=False)
FirPath = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _fir_page_error(error: Exception) -> StaffPageError:
    if isinstance(error, FirNotFound):
        return StaffPageError(404, "err_no_fir", words=CASE_WORDS)
    return StaffPageError(403, "err_forbidden", str(error), words=CASE_WORDS)


# ------------------------------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class Person:
    person_id: int
    name: str
    label: str  # "A1 Mohd. Salim" / role and name


def _people(view: FirView) -> tuple[list[Person], list[Person]]:
    """The FIR's accused and suspects (for arrests, charge sheets, court results), and everyone it names."""
    accused, everyone = [], []
    for party in view.parties:
        number = f"A{party.accused_number} " if party.accused_number else ""
        person = Person(party.person_id, party.name_as_given, f"{number}{party.name_as_given}")
        everyone.append(person)
        if party.role in ACCUSED_ROLES:
            accused.append(person)
    return accused, everyone


def _case_page(
    request: Request,
    session: Session,
    officer: Officer,
    fir: Fir,
    *,
    refusal: Refusal | None = None,
    entered: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = fir_view(session, fir)
    place = place_of_station(session, fir.station_id)
    may_write = officer.access.write_refusal(place) is None
    may_write_diary = officer.access.diary_write_refusal(place) is None
    accused, everyone = _people(view)
    status = fir.status
    supplementary_only = status in {FirStatus.CHARGE_SHEETED, FirStatus.SENT_TO_COURT}
    writers = {change.changed_by_user_id for change in fir.status_history if change.changed_by_user_id}
    names = {
        row.id: row.full_name for row in session.execute(sa.select(User.id, User.full_name).where(User.id.in_(writers)))
    }
    done = request.query_params.get("done", "")
    actions = {
        "io": may_write and status not in CLOSED,
        "arrest": may_write and status not in CLOSED,
        "seizure": may_write and status not in CLOSED,
        "final_report": may_write and (why_not(fir, FirStatus.CHARGE_SHEETED) is None or supplementary_only),
        "court": may_write and why_not(fir, FirStatus.DISPOSED) is None,
        "status": may_write and any(before is status for before, _ in MANUAL_CHANGES),
        "transfer": may_write and why_not(fir, FirStatus.TRANSFERRED) is None,
        "diary": may_write_diary and status is not FirStatus.TRANSFERRED,
        "sharing": may_write,
    }
    courts = list_peers(session, (PeerRole.COURT,)) if may_write else []
    actions["court_offer"] = bool(courts) and status is not FirStatus.TRANSFERRED
    return render(
        request,
        officer,
        "station/case.html",
        words=CASE_WORDS,
        status_code=status_code,
        view=view,
        fir=fir,
        information_types=INFORMATION_TYPES,
        rupees=lambda amount: rupees(amount, "hi" if language_of(request) == "hi" else "en"),
        diary=diary_of(session, fir.id),
        history_names=names,
        accused=accused,
        everyone=everyone,
        actions=actions,
        may_write=may_write,
        closed=status in CLOSED,
        supplementary_only=supplementary_only,
        manual_targets=[after for before, after in sorted(MANUAL_CHANGES) if before is status],
        arrest_kinds=list(ArrestKind),
        property_kinds=list(PropertyKind),
        report_kinds=[FinalReportKind.CHARGE_SHEET] if supplementary_only else list(FinalReportKind),
        court_results=list(CourtResult),
        roles=PartyRole,
        notice=f"done_{done}" if f"done_{done}" in CASE_WORDS else "",
        refusal=refusal,
        entered=entered or {},
        hindi=language_of(request) == "hi",
        sharing=(stored_level(session, fir.id), level_outside(session, fir.id)),
        sharing_names=LEVEL_NAMES,
        note_of=lambda note: history_note(note, language_of(request)),
        icjs=court_and_prison(session, fir.id),
        courts=courts,
    )


@router.get("/station/firs/{fir_id}")
def case_page(request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath) -> HTMLResponse:
    """The case, for whoever may read it (``records.access``); the forms only for those who may act on it."""
    try:
        fir = readable_fir(session, officer.principal, fir_id)
    except (FirNotFound, Forbidden) as error:
        raise _fir_page_error(error) from None
    person_ids = sorted(party_person_ids(session, fir.id))
    officer.principal.actor(request).audit(
        session, "read", "fir", fir.id, {"number": fir.number, "person_ids": person_ids, "page": "case"}
    )
    response = _case_page(request, session, officer, fir)
    session.commit()
    return response


# ---------------------------------------------------------------------------------------------------- forms


def _act(
    request: Request,
    session: Session,
    officer: Officer,
    fir_id: int,
    name: str,
    form: FormData,
    write: Callable[[Fir], object],
) -> Response:
    """Run one action's ``write`` on the FIR the officer may write, as the API does; back to the page."""
    try:
        fir = writable_fir(session, officer.principal, fir_id, None, required=False)
    except (FirNotFound, Forbidden) as error:
        raise _fir_page_error(error) from None
    status_code, problems = 200, []
    try:
        write(fir)
        session.flush()
    except ValidationError as error:
        status_code = 422
        problems = [problem(tuple(item["loc"]), item["msg"]) for item in error.errors()]
    except FirInputError as error:
        status_code = 422
        problems = [problem(found.loc, found.reason) for found in error.problems]
    except FirConflict as error:
        status_code = 409
        problems = [problem((error.field,) if error.field else (), str(error))]
    except Forbidden as error:
        status_code = 403
        problems = [problem((), str(error))]
    if not problems:
        session.commit()
        return RedirectResponse(f"/station/firs/{fir_id}?done={name}#{name}", status_code=303)
    session.rollback()
    fir = readable_fir(session, officer.principal, fir_id)
    refusal = Refusal(name, problems)
    return _case_page(
        request, session, officer, fir, refusal=refusal, entered={name: entered_values(form)}, status_code=status_code
    )


def _model(model: type[BaseModel], values: dict[str, Any]) -> Any:
    return model.model_validate(values)


@router.post("/station/firs/{fir_id}/io")
def assign_officer(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(form, "io_name", "io_rank")
        values.setdefault("io_rank", None)  # a rank left blank is cleared with the change of officer
        if "io_name" not in values:
            raise FirInputError([FieldProblem(("io_name",), "must not be empty")])
        return update_fir(session, fir, _model(FirPatch, values), actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "io", form, write)


@router.post("/station/firs/{fir_id}/arrests")
def add_arrest(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(form, "person_id", "kind", "at", "place", "officer_name", "court_surrendered_in", "remarks")
        data = _model(ArrestInput, values)
        return record_arrest(session, fir, data, actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "arrest", form, write)


@router.post("/station/firs/{fir_id}/seizures")
def add_seizure(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(
            form,
            "seized_at",
            "place",
            "kind",
            "description",
            "quantity",
            "value",
            "seized_from_person_id",
            "officer_name",
            "vehicle_registration",
        )
        data = _model(SeizureInput, values)
        return record_seizure(session, fir, data, actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "seizure", form, write)


@router.post("/station/firs/{fir_id}/final-reports")
def add_final_report(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values: dict[str, Any] = filled(form, "kind", "report_number", "submitted_on", "court", "summary")
        values["is_supplementary"] = form.get("is_supplementary") == "yes"
        # one choice per accused: "charged", "not_charged" or nothing said
        charges = {key.removeprefix("charge_"): form.get(key) for key in form if key.startswith("charge_")}
        values["charged_person_ids"] = [pid for pid, choice in charges.items() if choice == "charged"]
        values["not_charged_person_ids"] = [pid for pid, choice in charges.items() if choice == "not_charged"]
        data = _model(FinalReportInput, values)
        return record_final_report(session, fir, data, actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "final_report", form, write)


@router.post("/station/firs/{fir_id}/court-results")
def add_court_result(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(form, "court", "court_case_number", "disposed_on", "result", "person_id", "sentence")
        data = _model(CourtResultInput, values)
        return record_court_result(session, fir, data, actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "court", form, write)


@router.post("/station/firs/{fir_id}/status")
def change_status(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        data = _model(StatusChangeInput, filled(form, "to", "note"))
        return set_status(session, fir, data, actor=officer.principal.actor(request))

    return _act(request, session, officer, fir_id, "status", form, write)


@router.post("/station/firs/{fir_id}/transfer")
def transfer(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(form, "to_station", "note")
        code = values.get("to_station", "").upper()
        station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == code)) if code else None
        if station is None:
            raise FirInputError([FieldProblem(("to_station",), f"no police station has code {code!r}")])
        return transfer_zero_fir(session, fir, station, actor=officer.principal.actor(request), note=values.get("note"))

    return _act(request, session, officer, fir_id, "transfer", form, write)


@router.post("/station/firs/{fir_id}/diary")
def add_entry(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        data = _model(DiaryEntryInput, filled(form, "entry_at", "place", "text", "corrects_entry_number"))
        return add_diary_entry(session, fir, data, actor=officer.principal.actor(request), access=officer.access)

    return _act(request, session, officer, fir_id, "diary", form, write)


@router.post("/station/firs/{fir_id}/sharing")
def set_sharing(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    """What other states may see of the case (``exchange.sharing``, the rule the API's PUT uses too), audited."""

    def write(fir: Fir) -> object:
        values = filled(form, "level", "reason")
        try:
            level = parse_level(values.get("level", ""))
            return set_level(session, officer.principal.actor(request), fir, level, values.get("reason"))
        except SharingRefused as error:
            raise FirInputError([FieldProblem(("level",), str(error))]) from None

    return _act(request, session, officer, fir_id, "sharing", form, write)


@router.post("/station/firs/{fir_id}/court-offers")
def offer_to_a_court(
    request: Request, session: StaffSession, officer: OfficerDep, fir_id: FirPath, form: StaffForm
) -> Response:
    def write(fir: Fir) -> object:
        values = filled(form, "court", "offered")
        try:
            return offer_to_court(session, fir, court_code=values.get("court", ""),
                                  offered=values.get("offered", ""), actor=officer.principal.actor(request),
                                  now=datetime.now(UTC))  # fmt: skip
        except (IcjsRefused, InvalidMessage) as error:
            raise FirInputError([FieldProblem(tuple(p.path.split(".")), p.reason) for p in error.problems]) from None

    return _act(request, session, officer, fir_id, "court_offer", form, write)
