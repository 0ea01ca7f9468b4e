"""optout.account_changed and optout.consent_before: what a stop did to the account, so staff can lift a wrong one

A stop the rules read wrongly is lifted when staff relabel its case and say so; the account then goes back to the
state it had before that case changed it. Rows from before this revision keep NULL in both (unknown), and lifting them
never sets the consent back on. They named no account either: their link to it was the case's customer number, which
retention deletes with the case, so the row learns it from its case now, while the case is still there.

Revision ID: 0011_optout_lift
Revises: 0010_triage_reminder
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_optout_lift"
down_revision = "0010_triage_reminder"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("optout") as batch:
        batch.add_column(sa.Column("account_changed", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("consent_before", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE optout SET customer_number = "
        "(SELECT cases.customer_number FROM cases WHERE cases.id = optout.case_id) "
        "WHERE customer_number IS NULL "
        "AND case_id IN (SELECT id FROM cases WHERE customer_number IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("optout") as batch:
        batch.drop_column("consent_before")
        batch.drop_column("account_changed")
