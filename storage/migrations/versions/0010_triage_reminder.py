"""Cases awaiting triage are looked at again by the next reminder pass, which now has a triage stage for them

A pass stored, per case, the first day it could be due something new; for a case in triage that day was computed
before the triage stage existed (usually its 7-day window), so without this the case would wait until then.

Revision ID: 0010_triage_reminder
Revises: 0009_reminder_hint
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_triage_reminder"
down_revision = "0009_reminder_hint"
branch_labels = None
depends_on = None


def upgrade() -> None:
    cases = sa.table("cases", sa.column("triage", sa.Boolean()), sa.column("next_reminder_on", sa.Date()))
    op.execute(cases.update().where(cases.c.triage.is_(True)).values(next_reminder_on=None))


def downgrade() -> None:
    """Nothing to undo: a forgotten hint only makes the next pass look at the case once more."""
