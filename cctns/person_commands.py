"""``cctns persons link [--resume]``: link every person record of the database (after a legacy import or a
generator run) with a progress bar."""

from __future__ import annotations

from typing import Annotated

import typer

from cctns.cli_support import console, current_database, fail, progress_bar
from people.linkage.batch import NothingToResume, link_all
from people.linkage.linker import Thresholds
from records.database import Database
from records.settings import Settings, get_settings

persons_app = typer.Typer(help="Recognising one person across records.", no_args_is_help=True)


def run_linking(database: Database, settings: Settings, resume: bool) -> None:
    thresholds = Thresholds.from_settings(settings)
    with progress_bar("Linking person records") as progress:
        task = progress.add_task("link", total=None, rate="")

        def show(report: object) -> None:
            progress.update(
                task,
                total=report.total_people,  # type: ignore[attr-defined]
                completed=report.processed,  # type: ignore[attr-defined]
                rate=f"{report.auto_links:,} linked, {report.review_links:,} to review",  # type: ignore[attr-defined]
            )

        try:
            report = link_all(database.engine, thresholds, resume=resume, progress=show)
        except NothingToResume as error:
            raise fail(str(error)) from None
    console.print(
        f"Linked {report.processed:,} person records: {report.pairs_scored:,} candidate pairs scored, "
        f"{report.auto_links:,} linked automatically (score >= {thresholds.auto}), {report.review_links:,} waiting "
        f"for review (score >= {thresholds.review}) at /staff/matches."
    )


@persons_app.command("link")
def link(
    resume: Annotated[
        bool, typer.Option("--resume", help="Carry on from the last checkpoint of a stopped run.")
    ] = False,
) -> None:
    """Link every person record in the database (safe to stop: --resume carries on)."""
    with current_database() as database:
        run_linking(database, get_settings(), resume)
