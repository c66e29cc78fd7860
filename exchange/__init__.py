"""The exchange with the national node (issue 25), version 1: the specification's schema and the validator both
sides use (``validation``), the national codes (``codes``), an FIR as an exchange record (``records``), the
envelope (``message``) and the quality gate before export (``quality``). docs/exchange/v1/README.md is the
specification in words."""
