"""Errors of complaint writes, in the complainant's two languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One bad field (or ``""`` for the form as a whole), with the reason in English and in Hindi."""

    field: str
    en: str
    hi: str

    def text(self, language: str) -> str:
        return self.hi if language == "hi" else self.en


class ComplaintError(Exception):
    """Base of the errors below."""


class ComplaintInputError(ComplaintError):
    """The form or request is wrong in one or more fields (HTTP 422)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.en}" if p.field else p.en for p in problems))


class ComplaintConflict(ComplaintError):
    """The complaint's state forbids the step (HTTP 409); the message says why and what is possible."""


class ComplaintNotFound(ComplaintError):
    """No such complaint (HTTP 404)."""
