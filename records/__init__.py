"""The system of record: settings, database, models, migrations, reference data, FIR numbering, outbox."""
