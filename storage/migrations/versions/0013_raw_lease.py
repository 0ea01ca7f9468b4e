"""raw_message.lease_until: a pipeline pass counts its attempt on each message, and leases it, before the work

A pass that dies (the process killed, out of memory, a crash in C) rolls its work back, and before this revision its
attempt too: the same message came first again after every restart and stopped the pipeline for good. Now the attempt
is committed first and the message leased to the pass; after the lease the message is tried again on its own, and
after max_attempts such tries it is quarantined with the reason. Rows from before this revision have no lease: they
are waiting, as they were.

Revision ID: 0013_raw_lease
Revises: 0012_outbox_deferrals
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0013_raw_lease"
down_revision = "0012_outbox_deferrals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_message") as batch:
        batch.add_column(sa.Column("lease_until", storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_message") as batch:
        batch.drop_column("lease_until")
