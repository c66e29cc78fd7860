"""``cctns persons link [--resume]``: link every person record of the database (after a legacy import or a
generator run) with a progress bar; and the in-process person matcher that ``cctns serve`` starts when no broker
is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from records.settings import Settings

if TYPE_CHECKING:
    from records.database import Database
    from workers.matching import InProcessMatcher

persons_app = typer.Typer(help="Recognising one person across records.", no_args_is_help=True)


def start_person_matcher(database: Database, settings: Settings, shown_host: str, port: int) -> InProcessMatcher | None:
    """Print the review queue's address; without a broker, match people named in new FIRs from this process
    (else `cctns worker` does)."""
    from cctns.cli import console
    from people.linkage.linker import Thresholds
    from workers.matching import InProcessMatcher

    console.print(f"  same person? review queue and alerts: http://{shown_host}:{port}/staff/matches")
    if settings.broker_url:
        return None
    matcher = InProcessMatcher(database.engine, Thresholds.from_settings(settings))
    matcher.start()
    return matcher


def run_linking(database: Database, settings: Settings, resume: bool) -> None:
    from cctns.cli import console, fail, progress_bar
    from people.linkage.batch import NothingToResume, link_all
    from people.linkage.linker import Thresholds

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
    from cctns.cli import opened_database, require_current_schema
    from records.settings import get_settings

    with opened_database() as database:
        require_current_schema(database)
        run_linking(database, get_settings(), resume)
