"""The converters of one import, one per kind of row, for the job's batches."""

from __future__ import annotations

from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import Profile
from ingest.legacy.rows.firs import FirConverter
from ingest.legacy.rows.parties import PartyConverter
from ingest.legacy.rows.persons import PersonConverter
from ingest.legacy.rows.properties import PropertyConverter


class RowConverter:
    """Converts rows of one import with its profile and the reference ids in ``lookups``: ``fir``, ``person``,
    ``party`` and ``property`` each stage one row of their kind into a batch's ``StagedRows``, or raise
    ``RowRejected`` with every problem of the row."""

    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        self.lookups = lookups
        self.fir = FirConverter(profile, lookups).convert
        self.person = PersonConverter(profile, lookups).convert
        self.party = PartyConverter(profile, lookups).convert
        self.property = PropertyConverter(profile, lookups).convert
