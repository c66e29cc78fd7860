"""The one error the embedded engine raises for what an operator must fix (a directory, a lock, an old index)."""

from __future__ import annotations

from records.errors import ConfigurationError


class SearchIndexError(ConfigurationError):
    """The embedded index cannot do what was asked; the message says why and what to do. A
    ConfigurationError, so the command line and the server report it in one sentence, not a traceback."""
