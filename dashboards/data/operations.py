"""The operations page: search index lag, rollup backlog, SMS by status, and the latest imports."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboards.data.sql import column, frame, narrowing
from records.access import Jurisdiction


def operations(engine: Engine, access: Jurisdiction) -> dict[str, Any]:
    """Search index lag (outbox), rollup backlog, SMS by status (the system's health, no case data), and the latest
    imports ``access`` may follow (``Jurisdiction.import_jobs``: HQ all, a district SP their district's)."""
    with engine.connect() as connection:
        outbox = connection.execute(
            sa.text(
                "SELECT count(*) AS waiting, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest_seconds, "
                "count(*) FILTER (WHERE attempts > 0) AS failing FROM outbox"
            )
        ).one()
        rollups = connection.execute(
            sa.text(
                "SELECT count(*) AS waiting, EXTRACT(EPOCH FROM now() - min(marked_at)) AS oldest_seconds "
                "FROM rollup_dirty"
            )
        ).one()
    result: dict[str, Any] = {"outbox": dict(outbox._mapping), "rollups": dict(rollups._mapping)}
    seen = narrowing(access.import_jobs(column("j", "district_id")))
    result["imports"] = frame(engine, _RECENT_IMPORTS_SQL.format(seen=seen), {})
    sms_by_status = "SELECT status::text AS status, count(*) AS messages FROM sms_message GROUP BY 1"
    result["sms"] = frame(engine, sms_by_status, {})
    return result


# The latest imports (``cctns import``, POST /api/v1/imports): rows read, accepted and rejected over their files.
_RECENT_IMPORTS_SQL = """
SELECT j.id, j.status, j.file_name, j.profile_name, j.total_rows,
       coalesce(sum((c.value->>'read')::bigint), 0) AS rows_read,
       coalesce(sum((c.value->>'accepted')::bigint), 0) AS rows_accepted,
       coalesce(sum((c.value->>'rejected')::bigint), 0) AS rows_rejected,
       j.created_at, j.finished_at
FROM import_job j LEFT JOIN LATERAL jsonb_each(j.counts) AS c ON true
WHERE {seen}
GROUP BY j.id ORDER BY j.id DESC LIMIT 20
"""
