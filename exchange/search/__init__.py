"""Federated search across states (issue 25): the national node's index of the records states send it, the
search over it, the rules a query must meet (purpose code, reason, case reference), and what an owning state
answers when another state opens a hit (``docs/exchange/v1/README.md``, "Federated search")."""
