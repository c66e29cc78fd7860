"""The case diary: the investigating officer's dated entries on an FIR, append-only.

An entry is never edited or deleted, not by the application and not by SQL: migration 0014's triggers refuse
every UPDATE and DELETE of ``case_diary_entry``. A correction is a new entry that names the one it corrects
(``corrects_entry_number``, of the same FIR: the composite foreign key sees to that).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base


class CaseDiaryEntry(Base):
    __tablename__ = "case_diary_entry"
    __table_args__ = (
        sa.UniqueConstraint("fir_id", "entry_number"),
        sa.CheckConstraint("entry_number > 0", name="entry_number_positive"),
        sa.CheckConstraint(
            "corrects_entry_number IS NULL OR corrects_entry_number < entry_number", name="corrects_an_earlier_entry"
        ),
        sa.CheckConstraint("length(btrim(text)) > 0", name="text_not_empty"),
        sa.ForeignKeyConstraint(
            ["fir_id", "corrects_entry_number"],
            ["case_diary_entry.fir_id", "case_diary_entry.entry_number"],
            name="fk_case_diary_entry_corrects_same_fir",
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id"), comment="Never cascades: the diary outlives nothing")
    entry_number: Mapped[int] = mapped_column(comment="1, 2, 3 ... within the FIR, in the order written")
    entry_at: Mapped[datetime] = mapped_column(comment="When the proceedings the entry records took place")
    place: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    corrects_entry_number: Mapped[int | None] = mapped_column(comment="The earlier entry of this FIR it corrects")
    written_by_user_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id"))
    written_by_name: Mapped[str] = mapped_column(sa.String(120), comment="The officer's name when they wrote it")
    written_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
