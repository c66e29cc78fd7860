"""Benchmark: drawing the FIR copy as PDF (``search_api.print_pdf.render_fir_pdf``) for a typical FIR: two accused,
two items of property, brief facts in Hindi and English. No database: the FIR is built in memory as the API's
``FirOut`` would give it.

    python bench/bench_fir_pdf.py --copies 20

Prints milliseconds per copy (the first one apart: it parses the fonts' files and imports HarfBuzz) and the file's
size; writes JSON to bench/results/bench_fir_pdf.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from records.models import FirStatus, InformationType, PropertyKind
from search_api.print_pdf import render_fir_pdf


def typical_fir() -> tuple[SimpleNamespace, SimpleNamespace, SimpleNamespace, list[SimpleNamespace]]:
    now = datetime.now(UTC)
    person = SimpleNamespace(
        name="सुनीता देवी", relative_name="रमेश प्रसाद", age=34, date_of_birth=None, address="वार्ड 7, हाजीपुर",
        mobile="+919876543210",
    )  # fmt: skip
    accused = [
        SimpleNamespace(name="Mohd. Salim", relative_name="Abdul Karim", age=28, address=None),
        SimpleNamespace(name="राजू यादव", relative_name="श्याम यादव", age=31, address="गाँव बिदुपुर"),
    ]
    vehicle = {"vehicle_registration": "BR31AB1234", "mobile_imei": None}
    phone = {"vehicle_registration": None, "mobile_imei": "356938035643809"}
    properties = [
        SimpleNamespace(kind=PropertyKind.VEHICLE, description="Hero Splendor", value=Decimal(45000), **vehicle),
        SimpleNamespace(
            kind=PropertyKind.MOBILE_PHONE, description="Redmi Note 12, काला", value=Decimal(14000), **phone
        ),
    ]
    fir = SimpleNamespace(
        number="17/2026", year=2026, serial=17, registered_at=now, occurrence_from=now - timedelta(hours=10),
        occurrence_to=now - timedelta(hours=9), info_received_at=now - timedelta(hours=1), gd_entry_number="GD-17",
        gd_entry_at=None, information_type=InformationType.WRITTEN, place_direction=None,
        place_distance_km=Decimal("1.5"), beat="4", place_address="स्टेशन रोड, हाजीपुर", complainant=person,
        accused=accused, suspects=[], victims=[], delay_reason=None, properties=properties,
        property_value_total=Decimal(59000), io_name="SI Anil Kumar", io_rank="SI", status=FirStatus.REGISTERED,
        brief_facts="रात में घर के सामने खड़ी मोटरसाइकिल और मोबाइल फोन चोरी हो गए। The complainant saw the accused nearby.",
    )  # fmt: skip
    station = SimpleNamespace(name_en="Hajipur Sadar", name_hi="हाजीपुर सदर", code="VAISHALI-HAJIPUR-SADAR")
    district = SimpleNamespace(name_en="Vaishali", name_hi="वैशाली")
    sections = [
        SimpleNamespace(act_hi="भारतीय न्याय संहिता", act_en="Bharatiya Nyaya Sanhita", short_name="BNS",
                        number="303(2)", title_hi="चोरी", title_en="Theft"),
    ]  # fmt: skip
    return fir, station, district, sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    fir, station, district, sections = typical_fir()
    started = time.perf_counter()
    first = render_fir_pdf(fir, station=station, district=district, sections=sections)  # type: ignore[arg-type]
    first_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(args.copies):
        started = time.perf_counter()
        render_fir_pdf(fir, station=station, district=district, sections=sections)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    result = {
        "copies": args.copies,
        "first_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "bytes": len(first),
    }
    print(f"first copy {first_ms:.0f} ms; then median {result['median_ms']} ms, max {result['max_ms']} ms per copy "
          f"({args.copies} copies); {len(first):,} bytes")  # fmt: skip
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_fir_pdf.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
