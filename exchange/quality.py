"""The quality gate before export: what the national node must not receive, each with a reason the station can
fix, in English and Hindi (issue 25). Plain data; nothing is stored.

A record is held back while it has any problem:

* ``accused_relative``: an accused without a father's (or husband's) name: one person cannot be told from another
  of the same name across states without it;
* ``accused_age``: an accused without an age or date of birth (it also decides whether they are a child);
* ``report_before_fir``: a final report or charge sheet dated before the FIR was registered;
* ``report_not_by_io``: a charge sheet recorded by someone other than the FIR's investigating officer (the officer
  who recorded it, ``cases.reading.report_filers``, is compared with ``fir.io_user_id`` when set, else with the
  IO's name); a charge sheet on an FIR that names no investigating officer (``no_io``). A report with no known
  recorder (imported from a legacy system) is not judged;
* ``unknown_act``, ``unknown_code``: an act without a national code, a state, district or station code the
  national node cannot read;
* ``schema``: anything else the specification refuses (``exchange.validation``), named by its path.
"""

from __future__ import annotations

import dataclasses

from exchange import codes
from exchange.records import FirRecord
from exchange.validation import fir_problems
from records.display import IST
from records.models import FinalReportKind, PartyRole


@dataclasses.dataclass(frozen=True)
class HeldBack:
    """One reason a record is not sent: which rule, where in the record (a dotted path from ``fir``), and what
    the station should do, in English and Hindi."""

    rule: str
    path: str
    reason_en: str
    reason_hi: str


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def export_problems(record: FirRecord) -> list[HeldBack]:
    """Every reason ``record`` must not be sent yet; empty when it may go."""
    problems: list[HeldBack] = []
    body, view, fir = record.body, record.view, record.view.fir
    number = fir.number

    for index, (entry, party) in enumerate(zip(body.get("parties", []), view.parties, strict=True)):
        if party.role is not PartyRole.ACCUSED or "withheld" in entry:
            continue
        who = f"A{party.accused_number} {party.name_as_given}"
        if "relative" not in entry:
            problems.append(
                HeldBack(
                    "accused_relative",
                    f"fir.parties.{index}.relative.name",
                    f"FIR {number}: accused {who} has no father's or husband's name; add it",
                    f"प्राथमिकी {number}: अभियुक्त {who} के पिता या पति का नाम नहीं है; जोड़ें",
                )
            )
        if "age" not in entry:
            problems.append(
                HeldBack(
                    "accused_age",
                    f"fir.parties.{index}.age",
                    f"FIR {number}: accused {who} has no age or date of birth; add it",
                    f"प्राथमिकी {number}: अभियुक्त {who} की आयु या जन्म तिथि नहीं है; जोड़ें",
                )
            )

    registered_on = fir.registered_at.astimezone(IST).date()
    for index, report in enumerate(view.final_reports):
        submitted = report.report.submitted_on
        if submitted < registered_on:
            problems.append(
                HeldBack(
                    "report_before_fir",
                    f"fir.final_reports.{index}.submitted_on",
                    f"FIR {number}: the report of {submitted.isoformat()} is dated before the FIR was registered "
                    f"({registered_on.isoformat()}); correct its date",
                    f"प्राथमिकी {number}: {submitted.isoformat()} का प्रतिवेदन प्राथमिकी दर्ज होने "
                    f"({registered_on.isoformat()}) से पहले का है; तिथि सुधारें",
                )
            )
        if report.report.kind is not FinalReportKind.CHARGE_SHEET:
            continue
        if not fir.io_user_id and not fir.io_name:
            problems.append(
                HeldBack(
                    "no_io",
                    "fir.investigating_officer",
                    f"FIR {number} has a charge sheet but names no investigating officer; name the IO",
                    f"प्राथमिकी {number} में आरोप-पत्र है पर अनुसंधानकर्ता का नाम नहीं है; अनुसंधानकर्ता दर्ज करें",
                )
            )
            continue
        filer = record.filers.get(report.report.id)
        if filer is None:
            continue
        by_io = filer.user_id == fir.io_user_id if fir.io_user_id else _same_name(filer.full_name, fir.io_name or "")
        if not by_io:
            problems.append(
                HeldBack(
                    "report_not_by_io",
                    f"fir.final_reports.{index}.filed_by",
                    f"FIR {number}: the charge sheet was filed by {filer.full_name}, not by the investigating "
                    f"officer ({fir.io_name or 'user ' + str(fir.io_user_id)}); have the IO file it or correct the IO",
                    f"प्राथमिकी {number}: आरोप-पत्र {filer.full_name} ने समर्पित किया, अनुसंधानकर्ता "
                    f"({fir.io_name or 'user ' + str(fir.io_user_id)}) ने नहीं; अनुसंधानकर्ता से समर्पित कराएँ "
                    "या अनुसंधानकर्ता सुधारें",
                )
            )

    for index, act in record.unknown_acts:
        problems.append(
            HeldBack(
                "unknown_act",
                f"fir.sections.{index}.act",
                f"FIR {number}: act {act} has no national code in exchange version 1; "
                "ask the state's CCTNS cell to have it added",
                f"प्राथमिकी {number}: अधिनियम {act} का राष्ट्रीय कोड विनिमय संस्करण 1 में नहीं है; राज्य CCTNS प्रकोष्ठ से जुड़वाएँ",
            )
        )
    for path, value, pattern in (
        ("fir.state", body.get("state", ""), codes.STATE_CODE),
        ("fir.district", view.district.code, codes.DISTRICT_CODE),
        ("fir.station", view.station.code, codes.STATION_CODE),
    ):
        if not pattern.match(value):
            problems.append(
                HeldBack(
                    "unknown_code",
                    path,
                    f"FIR {number}: the code {value!r} cannot be sent as a national code; "
                    "ask the state's CCTNS cell to correct it",
                    f"प्राथमिकी {number}: कोड {value!r} राष्ट्रीय कोड के रूप में नहीं भेजा जा सकता; राज्य CCTNS प्रकोष्ठ से सुधरवाएँ",
                )
            )
    known = {problem.path for problem in problems}
    for problem in fir_problems(body):
        if problem.path in known or problem.path.startswith(("fir.state", "fir.district", "fir.station")):
            continue  # already said above, in words the station can act on
        problems.append(
            HeldBack(
                "schema",
                problem.path,
                f"FIR {number}: {problem.path}: {problem.reason}",
                f"प्राथमिकी {number}: {problem.path}: राष्ट्रीय विनिर्देश के अनुरूप नहीं ({problem.reason})",
            )
        )
    return problems
