"""Pieces every dashboard page uses: labels in two languages, the filter bar, figures, page frame."""
