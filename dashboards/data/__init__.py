"""The dashboards' data: every figure's numbers come from this package, one module per concern.

Pages ask for counts through :class:`~dashboards.data.filters.Filters` (months, district, station, crime head,
law), narrowed by :meth:`Filters.within` to what the logged-in officer may read (``records.access.Jurisdiction``,
the one home of the jurisdiction rule); lists of records (a station's FIRs, import jobs) are narrowed in their SQL
by the same :class:`Jurisdiction`. Numbers come from the rollup tables (``fir_rollup_month`` for state and district
views, ``fir_rollup_day`` where a station or a day boundary matters, see :mod:`dashboards.data.counts`);
``source="fir"`` computes the very same frames straight from the FIR tables, which the benchmark and tests compare
against.

- :mod:`~dashboards.data.filters`: the months and places a page counts, narrowed to the caller.
- :mod:`~dashboards.data.reference`: districts, stations and crime heads, loaded once.
- :mod:`~dashboards.data.sql`: running a statement into a frame; access narrowings as SQL text.
- :mod:`~dashboards.data.counts`: counts grouped by any columns, from the rollups or the FIR tables.
- :mod:`~dashboards.data.trends`: the overview, district, station and women/SC-ST pages.
- :mod:`~dashboards.data.pendency`: FIRs pending by age, charge sheets, final reports, arrests.
- :mod:`~dashboards.data.ncrb`: NCRB's district table and the published totals beside ours.
- :mod:`~dashboards.data.operations`: the system's health and the latest imports.
- :mod:`~dashboards.data.boundaries`: district polygons for the map.

The co-accused network of the associates page is :mod:`people.associates`.
"""
