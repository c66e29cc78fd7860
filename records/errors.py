"""Errors a person reads: one sentence saying what is wrong and what to do next."""


class ConfigurationError(Exception):
    """The system cannot start as configured; the message tells the operator what to fix."""
