"""Errors of FIR writes, each naming the field (or the record) and the reason in one sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One bad field: where it is (``("complainant", "mobile")``) and why it is bad."""

    loc: tuple[str | int, ...]
    reason: str

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc)


class FirError(Exception):
    """Base of the errors below."""


class FirInputError(FirError):
    """The input is wrong in one or more fields (HTTP 422)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{problem.field}: {problem.reason}" for problem in problems))


class FirConflict(FirError):
    """The record's state forbids the change (HTTP 409); the message says why and what is allowed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class FirNotFound(FirError):
    """No FIR (or person) with that id (HTTP 404)."""
