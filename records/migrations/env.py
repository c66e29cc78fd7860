"""Alembic environment: runs on the connection handed over by records.migrate (never reads a URL itself)."""

from alembic import context

from records.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `cctns db upgrade`, which opens the database for Alembic.")

context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
