"""All SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from records.models.accounts import ApiClient, AuditEntry, OutboxEvent, Role, User
from records.models.base import Base
from records.models.case import (
    Arrest,
    ArrestKind,
    CourtDisposal,
    CourtResult,
    FinalReport,
    FinalReportAccused,
    FinalReportKind,
    Seizure,
)
from records.models.fir import (
    Direction,
    Fir,
    FirNumberCounter,
    FirProperty,
    FirSection,
    FirStatus,
    FirStatusChange,
    InformationType,
    PropertyKind,
)
from records.models.jurisdiction import DistrictKind, DistrictNameAlias, PoliceDistrict, PoliceStation, State
from records.models.law import Act, ActKind, CrimeHead, Section, SectionCorrespondence
from records.models.person import (
    FirParty,
    Gender,
    PartyRole,
    Person,
    PersonAddress,
    PersonAlias,
    PersonMobile,
    RelationKind,
    Script,
)

__all__ = [
    "Act", "ActKind", "ApiClient", "Arrest", "ArrestKind", "AuditEntry", "Base", "CourtDisposal",
    "CourtResult", "CrimeHead", "Direction", "DistrictKind", "DistrictNameAlias", "FinalReport",
    "FinalReportAccused", "FinalReportKind", "Fir", "FirNumberCounter", "FirParty", "FirProperty",
    "FirSection", "FirStatus", "FirStatusChange", "Gender", "InformationType", "OutboxEvent", "PartyRole",
    "Person", "PersonAddress", "PersonAlias", "PersonMobile", "PoliceDistrict", "PoliceStation",
    "PropertyKind", "RelationKind", "Role", "Script", "Section", "SectionCorrespondence", "Seizure",
    "State", "User",
]
