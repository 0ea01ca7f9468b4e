"""cases.next_reminder_on: the reminder pass reads an index of due cases instead of every open case

Revision ID: 0009_reminder_hint
Revises: 0008_heartbeats
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_reminder_hint"
down_revision = "0008_heartbeats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("next_reminder_on", sa.Date(), nullable=True))
        batch.create_index("ix_cases_status_next_reminder", ["status", "next_reminder_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_status_next_reminder")
        batch.drop_column("next_reminder_on")
