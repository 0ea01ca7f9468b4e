"""outbox.deferrals: the temporary failures a relay answered, apart from tries that found no relay at all

A message is given up after a number of answered failures (4xx); tries while the relay was out of reach, or our own
disk full, never count, however long they last. Rows from before this revision start at 0: they get their full
number of answered failures again (the safe direction: a confirmation is kept, not dropped).

Revision ID: 0012_outbox_deferrals
Revises: 0011_optout_lift
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_outbox_deferrals"
down_revision = "0011_optout_lift"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("deferrals", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("deferrals")
