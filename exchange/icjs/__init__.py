"""Courts and prisons (ICJS) in version 1 of the exchange (docs/exchange/v1/README.md, "Courts and prisons"):
``validation`` (the events' schema and the CNR rule), ``offers`` (what a station offers a court, queued and sent
store-and-forward), ``court`` (a court's answers applied to the case), ``prison`` (a prison's events: the person
found in the FIR, an alert at its station), ``reading`` (what the case page and the API show)."""
