"""Blocking keys: two records are compared only if they share a key. Stored in ``person_match_key`` (a
PostgreSQL table with a (key, person_id) primary key), so finding candidates is an index lookup and the batch
linker a join, which scales to millions of records on one machine without the search engine.

Keys (loose phonetic forms, so Vinod/Binod and राम/Ram share them):

* ``m:<mobile>``: a mobile number;
* ``gr:<given>:<relative's given>``: given name (or alias) with the father's or husband's given name;
* ``gs:<given>:<station id>``: given name (or alias) with the police station of the address;
* ``gsd:<given>:<surname>:<district id>``: given name and surname with the district of the address.
"""

from __future__ import annotations

from indexes.matching.profile import PersonProfile


def blocking_keys(profile: PersonProfile) -> set[str]:
    keys = {f"m:{number}" for number in profile.mobiles}
    names = [n for n in (profile.name, *profile.aliases) if n is not None]
    for name in names:
        given = name.given_loose
        if profile.relative is not None:
            keys.add(f"gr:{given}:{profile.relative.given_loose}")
        for station_id in profile.station_ids:
            keys.add(f"gs:{given}:{station_id}")
        if name.surname:
            for district_id in profile.district_ids:
                keys.add(f"gsd:{given}:{name.surname_loose}:{district_id}")
    return {key[:80] for key in keys}
