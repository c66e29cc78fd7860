"""Every way data comes in: FIR registration and updates, legacy bulk import, sample-data generation."""
