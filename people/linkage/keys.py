"""Blocking keys: two records are compared only if they share a key. Stored in ``person_match_key`` (a
PostgreSQL table with a (key, person_id) primary key), so finding candidates is an index lookup and the batch
linker a join, which scales to millions of records on one machine without the search engine.

Keys (loose phonetic forms, so Vinod/Binod and राम/Ram share them); each is narrow enough that a block stays
small at a million records (a key of given name and father's name alone across the state would not: "Ram s/o
Shyam" is common, and the pairs in a block grow with its square):

* ``m:<mobile>``: a mobile number, state-wide;
* ``gs:<given>:<station id>``: given name (or alias) with the police station of the address;
* ``grd:<given>:<relative's given>:<district id>``: with the father's or husband's given name, in the district
  of the address or of an FIR naming the record (FIRs registered through the API give the address as free text);
* ``grs:<given>:<surname>:<relative's given>``: given name, surname and relative's given name, state-wide (people
  recorded at an address in another district).
"""

from __future__ import annotations

from people.linkage.profile import PersonProfile


def blocking_keys(profile: PersonProfile) -> set[str]:
    keys = {f"m:{number}" for number in profile.mobiles}
    names = [n for n in (profile.name, *profile.aliases) if n is not None]
    relative = profile.relative.given_loose if profile.relative is not None else None
    for name in names:
        given = name.given_loose
        for station_id in profile.station_ids:
            keys.add(f"gs:{given}:{station_id}")
        if relative:
            for district_id in profile.district_ids | profile.fir_district_ids:
                keys.add(f"grd:{given}:{relative}:{district_id}")
            if name.surname:
                keys.add(f"grs:{given}:{name.surname_loose}:{relative}")
    return {key[:80] for key in keys}
