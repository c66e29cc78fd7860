"""Scoring a pair of person records: points for and against, each with a reason an officer reads.

The points are rough log-odds: a shared mobile number or matching father's name weighs a lot, a common given
name alone little, and a clear contradiction (another father, ages ten years apart, another sex) pushes the
pair far down. The total is compared with the thresholds in settings (``CCTNS_PERSON_LINK_AUTO_SCORE``,
``CCTNS_PERSON_LINK_REVIEW_SCORE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from people.linkage.profile import PersonProfile
from people.names.phonetic import loose_key, phonetic_key

RELATIVE_WORD = {"father": "father's name", "husband": "husband's name", "mother": "mother's name"}


@dataclass(frozen=True, slots=True)
class PairScore:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...]


def _within_one_edit(x: str, y: str) -> bool:
    if abs(len(x) - len(y)) > 1 or min(len(x), len(y)) < 4:
        return False
    if len(x) == len(y):
        return sum(c != d for c, d in zip(x, y, strict=True)) == 1
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def token_match(x: str, y: str) -> str | None:
    """How two name tokens agree: "same", "phonetic", "loose", "spelling" (one letter apart), or None."""
    if not x or not y:
        return None
    if x == y:
        return "same"
    px, py = phonetic_key(x), phonetic_key(y)
    if px and px == py:
        return "phonetic"
    if loose_key(px) and loose_key(px) == loose_key(py):
        return "loose"
    if _within_one_edit(x, y):
        return "spelling"
    return None


GIVEN_POINTS = {"same": 4.0, "phonetic": 3.5, "loose": 2.5, "spelling": 2.0}
HOW = {
    "same": "matches",
    "phonetic": "matches phonetically",
    "loose": "matches by sound",
    "spelling": "is spelt one letter apart",
}


def _name_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    if a.name is None or b.name is None:
        reasons.append("a name cannot be compared (initials only)")
        return 0.0
    how = token_match(a.name.given, b.name.given)
    points = 0.0
    if how:
        points += GIVEN_POINTS[how]
        same_script = a.name.written == b.name.written
        reasons.append(
            "same name as written" if same_script else f"name {HOW[how]} ({a.name.written} / {b.name.written})"
        )
    else:
        alias = _alias_match(a, b) or _alias_match(b, a)
        if alias:
            points += 3.0
            reasons.append(f"alias {alias[0]} matches name {alias[1]}")
        else:
            reasons.append(f"names differ ({a.name.written} / {b.name.written})")
            return -6.0
    if a.name.surname and b.name.surname:
        how = token_match(a.name.surname, b.name.surname)
        if how:
            points += 1.5 if how != "spelling" else 0.5
        else:
            points -= 3.0
            reasons.append(f"surnames differ ({a.name.surname} / {b.name.surname})")
    return points


def _alias_match(a: PersonProfile, b: PersonProfile) -> tuple[str, str] | None:
    assert b.name is not None
    names = [b.name, *b.aliases]
    for alias in a.aliases:
        for other in names:
            if token_match(alias.given, other.given):
                return alias.written, other.written
    return None


def _relative_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    if a.relative is None or b.relative is None:
        return 0.0
    if a.relation_kind and b.relation_kind and a.relation_kind != b.relation_kind:
        reasons.append(f"one record gives the {a.relation_kind}, the other the {b.relation_kind}")
        return 0.0
    word = RELATIVE_WORD.get(a.relation_kind or "", "relative's name")
    how = token_match(a.relative.given, b.relative.given)
    if not how:
        reasons.append(f"{word} differs ({a.relative.written} / {b.relative.written})")
        return -5.0
    reasons.append(f"{word} {HOW[how]}")
    return 4.0 if how in ("same", "phonetic") else 3.0


def _age_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    if a.date_of_birth and b.date_of_birth and a.date_of_birth == b.date_of_birth:
        reasons.append(f"same date of birth ({a.date_of_birth:%d-%m-%Y})")
        return 5.0
    if a.born_about is None or b.born_about is None:
        return 0.0
    years = abs(a.born_about - b.born_about)
    if years < 1.5:
        reasons.append("age agrees (at the dates recorded)")
        return 2.0
    shown = round(years)
    if years < 2.5:
        reasons.append(f"age differs by {shown} years")
        return 1.0
    if years < 4.5:
        reasons.append(f"age differs by {shown} years")
        return -1.5
    reasons.append(f"age differs by {shown} years")
    return -4.0 if years < 8 else -8.0


def _mobile_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    shared = a.mobiles & b.mobiles
    if shared:
        reasons.append(f"same mobile number ({min(shared)})")
        return 6.0
    if a.mobiles and b.mobiles:
        reasons.append("different mobile numbers")
        return -0.5
    return 0.0


def _place_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    points = 0.0
    if a.station_ids & b.station_ids:
        points += 2.5
        reasons.append("same home police station")
    elif a.district_ids & b.district_ids:
        points += 0.5
        reasons.append("same home district")
    elif a.district_ids and b.district_ids:
        points -= 2.5
        reasons.append("home districts differ")
    shared = a.villages.keys() & b.villages.keys()
    if shared:
        points += 2.0
        key = min(shared)
        reasons.append(f"same village ({a.villages[key]})")
    elif a.villages and b.villages and a.station_ids & b.station_ids:
        points -= 1.0
        reasons.append("villages differ")
    return points


def _mark_points(a: PersonProfile, b: PersonProfile, reasons: list[str]) -> float:
    if not a.marks or not b.marks:
        return 0.0
    if a.marks & b.marks:
        reasons.append(f"same identifying mark ({a.marks_written})")
        return 3.0
    reasons.append("identifying marks differ")
    return -2.0


def score_pair(a: PersonProfile, b: PersonProfile) -> PairScore:
    """The score of two records and the reasons, strongest evidence first."""
    if a.id > b.id:
        a, b = b, a
    reasons: list[str] = []
    points = 0.0
    if a.gender != b.gender and "unknown" not in (a.gender, b.gender):
        reasons.append(f"sex differs ({a.gender} / {b.gender})")
        points -= 10.0
    points += _mobile_points(a, b, reasons)
    points += _name_points(a, b, reasons)
    points += _relative_points(a, b, reasons)
    points += _age_points(a, b, reasons)
    points += _place_points(a, b, reasons)
    points += _mark_points(a, b, reasons)
    return PairScore(a.id, b.id, round(points, 2), tuple(reasons))
