"""FIR registration and updates: validation and normalisation of what stations send, the status state machine,
and the writes themselves (record, status history and audit rows in the caller's transaction; the outbox and
person-matching rows come from the database's triggers, migration 0011)."""

from cases.diary import add_diary_entry
from cases.errors import FieldProblem, FirConflict, FirError, FirInputError, FirNotFound
from cases.investigation import record_arrest, record_court_result, record_final_report, record_seizure
from cases.loading import fir_parties, load_fir
from cases.parties import add_party
from cases.registration import register_fir, update_fir
from cases.status_changes import set_status, transfer_zero_fir
from records.audit import Actor

__all__ = [
    "Actor",
    "FieldProblem",
    "FirConflict",
    "FirError",
    "FirInputError",
    "FirNotFound",
    "add_diary_entry",
    "add_party",
    "fir_parties",
    "load_fir",
    "record_arrest",
    "record_court_result",
    "record_final_report",
    "record_seizure",
    "register_fir",
    "set_status",
    "transfer_zero_fir",
    "update_fir",
]
