"""FIR registration and updates: validation and normalisation of what stations send, the status state machine,
and the writes themselves (record, status history, audit and outbox rows in the caller's transaction)."""

from cases.errors import FieldProblem, FirConflict, FirError, FirInputError, FirNotFound
from cases.service import (
    add_party,
    fir_parties,
    load_fir,
    record_arrest,
    record_court_result,
    record_final_report,
    record_seizure,
    register_fir,
    set_status,
    transfer_zero_fir,
    update_fir,
)
from records.audit import Actor

__all__ = [
    "Actor",
    "FieldProblem",
    "FirConflict",
    "FirError",
    "FirInputError",
    "FirNotFound",
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
