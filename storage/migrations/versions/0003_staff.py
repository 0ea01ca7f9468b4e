"""staff work: reminder stages, assignment, outcome, extension time, retention marks

Revision ID: 0003_staff
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import storage.types

revision = "0003_staff"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX: SQLite's batch mode does them in place, without copying `cases`.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("extended_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("bodies_purged_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_cases_closed_at", ["closed_at"], unique=False)
        batch_op.create_index("ix_cases_status_deadline", ["status", "deadline"], unique=False)
        batch_op.create_index("ix_cases_status_extended_deadline", ["status", "extended_deadline"], unique=False)

    op.create_table(
        "case_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("concerns", sa.Date(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "stage", name="uq_case_reminder_stage"),
    )
    with op.batch_alter_table("case_reminder", schema=None) as batch_op:
        batch_op.create_index("ix_case_reminder_stage_case", ["stage", "case_id"], unique=False)

    op.create_table(
        "retention_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("cases_bodies_purged", sa.Integer(), nullable=False),
        sa.Column("unlinked_bodies_purged", sa.Integer(), nullable=False),
        sa.Column("cases_deleted", sa.Integer(), nullable=False),
        sa.Column("deleted_references", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("retention_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_run_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("retention_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_run_at"))
    op.drop_table("retention_run")
    with op.batch_alter_table("case_reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_case_reminder_stage_case")
    op.drop_table("case_reminder")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_status_extended_deadline")
        batch_op.drop_index("ix_cases_status_deadline")
        batch_op.drop_index("ix_cases_closed_at")
        batch_op.drop_column("bodies_purged_at")
        batch_op.drop_column("extended_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("assignee")
