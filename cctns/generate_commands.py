"""``cctns generate``: synthetic, Bihar-shaped FIRs into the database or into files, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cctns.cli_support import console, current_database, fail, progress_bar
from records.database import Database

if TYPE_CHECKING:
    from sample_data.firs import Inputs


def run_generation(database: Database, firs: int, seed: int, inputs: Inputs | None = None) -> None:
    from sample_data import generate_into_database  # deferred: keeps `cctns --help` quick

    with progress_bar("Generating FIRs") as progress:
        task = progress.add_task("generate", total=firs, rate="")

        def advance(done: int, total: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            rate = f"{done / elapsed:,.0f} FIRs/s" if elapsed else ""
            progress.update(task, completed=done, total=total, rate=rate)

        report = generate_into_database(database.engine, firs=firs, seed=seed, progress=advance, inputs=inputs)
    console.print(f"Generated: {report}")


def generate(
    firs: Annotated[int, typer.Option(min=1, help="How many FIRs to generate.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
    out: Annotated[
        Path | None, typer.Option(help="Write CSV and JSON Lines files to this folder instead of the database.")
    ] = None,
) -> None:
    """Generate synthetic, Bihar-shaped FIRs with their people (every record is marked synthetic)."""
    if out is not None:
        from sample_data import generate_to_files  # deferred: keeps `cctns --help` quick

        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise fail(f"Cannot create the output folder {out} ({error.strerror}); choose another --out.") from None
        with progress_bar("Writing FIRs") as progress:
            task = progress.add_task("generate", total=firs, rate="")
            report = generate_to_files(
                out, firs=firs, seed=seed, progress=lambda done, total: progress.update(task, completed=done)
            )
        console.print(f"Wrote {out}: {report}")
        return
    with current_database() as database:
        run_generation(database, firs, seed)
