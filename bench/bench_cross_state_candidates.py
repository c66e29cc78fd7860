"""Cross-state candidates: the full pass over the national copy against one incremental round after one new record
(``exchange.confirmations.national_copy.CopyIndex``), in memory (no database), on N synthetic records of two accused
each in three states; the new record names the same two men as an earlier one, in another state, and the pairs it
yields are checked against the full pass's.

    .venv/bin/python -m bench.bench_cross_state_candidates 8000
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from exchange.confirmations.candidates import collect_people, propose, scored
from exchange.confirmations.national_copy import CopyIndex

THRESHOLD = 9.5
BASE = ["Ram", "Shyam", "Mohan", "Suresh", "Ramesh", "Dinesh", "Rajesh", "Mukesh", "Anil", "Sunil"]
BASE += ["Vinod", "Manoj", "Santosh", "Ajay", "Vijay", "Sanjay", "Pankaj", "Rakesh", "Umesh", "Naresh"]
GIVEN = [given + suffix for given in BASE for suffix in ("", "a", "esh", "an", "endra")]
SURNAMES = ["Yadav", "Singh", "Kumar", "Paswan", "Mahto", "Sharma", "Gupta", "Ram", "Prasad", "Thakur", "Mishra"]
Record = tuple[str, str, dict[str, Any]]


def _record(serial: int, state: str, rng: random.Random) -> Record:
    def name() -> dict[str, str]:
        return {"text": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"}

    parties = [
        {"person": f"{state}-P{serial * 2 + k}", "role": "accused", "name": name(),
         "relative": {"kind": "father", "name": name()["text"]}, "age": rng.randint(18, 70), "gender": "male"}
        for k in range(2)
    ]  # fmt: skip
    return state, f"{state}-X/2025/{serial}", {"registered_at": "2025-03-10T10:00:00+05:30", "parties": parties}


def main(count: int) -> None:
    rng = random.Random(7)
    records = [_record(serial, rng.choice(["10", "09", "20"]), rng) for serial in range(count)]
    copy = CopyIndex()
    for state, key, fir in records:
        copy.apply(state, key, 1, False, fir)
    new = _record(count + 1, "09" if records[0][0] == "10" else "10", rng)
    for mine, theirs in zip(new[2]["parties"], records[0][2]["parties"], strict=True):
        mine.update(name=theirs["name"], relative=theirs["relative"], age=theirs["age"] + 1)
    started = time.perf_counter()
    full = propose(collect_people([(state, fir, key) for state, key, fir in [*records, new]]), THRESHOLD)
    full_seconds = time.perf_counter() - started
    started = time.perf_counter()
    touched = copy.apply(new[0], new[1], 1, False, new[2])
    found = [
        p for ref in touched for o in copy.others(ref) if (p := scored(copy.people[ref], copy.people[o], THRESHOLD))
    ]
    round_seconds = time.perf_counter() - started
    new_people = {party["person"] for party in new[2]["parties"]}
    wanted = {(p.a.person, p.b.person) for p in full if {p.a.person, p.b.person} & new_people}
    same = wanted == {(p.a.person, p.b.person) for p in found}
    print(
        f"{count} records: full pass {full_seconds:.2f} s ({len(full)} pairs); one incremental round "
        f"{round_seconds * 1000:.1f} ms ({len(found)} pairs, the full pass's for that record: {same}); "
        f"ratio {full_seconds / round_seconds:.0f}x"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
