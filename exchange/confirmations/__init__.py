"""Hit, verify, act (issue 25): confirmation requests to the station that owns a record, and cross-state person
candidates; the messages are part of exchange version 1 (docs/exchange/v1/README.md)."""
